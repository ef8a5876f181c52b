#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

static void close_other_descriptors(int report) {
#if defined(__linux__) && defined(SYS_close_range)
    // Everything above 2 but the exec-failure pipe (which is close-on-exec anyway).
    if (report > 3) syscall(SYS_close_range, 3, (unsigned)report - 1, 0);
    if (syscall(SYS_close_range, (unsigned)report + 1, ~0U, 0) == 0) return;
#endif
    long limit = sysconf(_SC_OPEN_MAX);
    if (limit < 0 || limit > 65536) limit = 65536;
    for (int fd = 3; fd < limit; fd++) {
        if (fd != report) close(fd);
    }
}

pid_t masque_spawn(const char *path, char *const argv[], char *const envp[], int input, int output, int error,
                   const char *directory) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
#if defined(__linux__)
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
#endif
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
        }
        if (dup2(input, 0) < 0 || dup2(output, 1) < 0 || dup2(error, 2) < 0) {
            int code = errno;
            (void)!write(report[1], &code, sizeof code);
            _exit(127);
        }
        close_other_descriptors(report[1]);
        if (directory != NULL && chdir(directory) != 0) {
            int code = errno;
            (void)!write(report[1], &code, sizeof code);
            _exit(127);
        }
        execve(path, argv, envp);
        int code = errno;
        (void)!write(report[1], &code, sizeof code);
        _exit(127);
    }
    close(report[1]);
    int code = 0;
    ssize_t got;
    do {
        got = read(report[0], &code, sizeof code);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof code) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        errno = code;
        return -1;
    }
    return pid;
}

int masque_pipe(int ends[2]) {
    return pipe2(ends, O_CLOEXEC);
}
