import Support
import Tensors

extension ProcessGroup {
    /// Runs `work` on rank 0 alone and returns its text on every rank. When it throws, every rank
    /// throws: rank 0 its own error, the others a `TrainingError` with rank 0's line; so a failure
    /// of rank 0's (a damaged save, a full disk) stops every rank at once with the same line,
    /// instead of leaving them waiting for a collective rank 0 never reaches.
    public func onRankZero(_ work: () throws -> String) throws -> String {
        var sent = "", failure: (any Error)?
        if rank == 0 {
            do {
                sent = "ok " + (try work())
            } catch {
                failure = error
                sent = "error " + ErrorMessage.oneLine(error)
            }
        }
        let received = try broadcast(sent, from: 0)
        if let failure { throw failure }
        guard received.hasPrefix("ok ") else { throw TrainingError(String(received.dropFirst("error ".count))) }
        return String(received.dropFirst("ok ".count))
    }
}
