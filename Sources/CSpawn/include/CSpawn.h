// Starting a child process that dies with Masque. fork/exec lives in C because the child may
// only call async-signal-safe functions between fork and exec, which Swift cannot promise.
#ifndef CSPAWN_H
#define CSPAWN_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Starts `path` with `argv` and `envp` (NULL-terminated), its standard input, output and error
/// on the given descriptors, in `directory` (NULL: the current one). On Linux the child gets SIGKILL when the calling thread ends
/// (PR_SET_PDEATHSIG), so a killed Masque leaves no ffmpeg behind; signal mask and dispositions
/// are reset and every other descriptor is closed. Returns the child's pid, or -1 with errno set
/// (also when exec failed in the child).
pid_t masque_spawn(const char *path, char *const argv[], char *const envp[], int input, int output, int error,
                   const char *directory);

/// A pipe whose both ends are close-on-exec (`pipe2(O_CLOEXEC)`); 0, or -1 with errno set.
int masque_pipe(int ends[2]);

#ifdef __cplusplus
}
#endif

#endif
