import Foundation

/// Where a data-parallel training worker stands, read as torchrun and SLURM set it: `RANK`,
/// `WORLD_SIZE`, `LOCAL_RANK`, `LOCAL_WORLD_SIZE`, `MASTER_ADDR`, `MASTER_PORT` (flags given on
/// the command line win).
public struct WorkerEnvironment: Sendable, Equatable {
    /// torchrun's default rendezvous port.
    public static let defaultPort = 29500

    public var rank: Int
    public var worldSize: Int
    /// The rank among the workers on this machine (the device index a GPU worker would take).
    public var localRank: Int
    /// The number of workers on this machine (1 when not known).
    public var localWorldSize: Int
    public var masterAddress: String
    public var masterPort: Int

    public init(rank: Int, worldSize: Int, localRank: Int? = nil, localWorldSize: Int = 1, masterAddress: String = "127.0.0.1",
                masterPort: Int = WorkerEnvironment.defaultPort) {
        self.rank = rank
        self.worldSize = worldSize
        self.localRank = localRank ?? rank
        self.localWorldSize = max(1, localWorldSize)
        self.masterAddress = masterAddress
        self.masterPort = masterPort
    }

    /// The worker described by `variables` overridden by the given flags; nil when no rank is
    /// known (not a worker). Throws one line when a value is not a number or out of range.
    public static func read(_ variables: [String: String], rank: Int?, worldSize: Int?, masterAddress: String?,
                            masterPort: Int?) throws -> WorkerEnvironment? {
        func number(_ name: String) throws -> Int? {
            guard let text = variables[name] else { return nil }
            guard let value = Int(text) else { throw TrainingError("\(name)=\(text) is not a whole number") }
            return value
        }
        guard let rank = try rank ?? number("RANK") else { return nil }
        let worldSize = try worldSize ?? number("WORLD_SIZE") ?? 1
        guard worldSize >= 1, (0..<worldSize).contains(rank) else {
            throw TrainingError("rank \(rank) is outside a world of \(worldSize) workers (RANK, WORLD_SIZE or --rank, --world-size)")
        }
        let port = try masterPort ?? number("MASTER_PORT") ?? defaultPort
        guard (1...65535).contains(port) else { throw TrainingError("master port \(port) is not a TCP port (1-65535)") }
        return WorkerEnvironment(rank: rank, worldSize: worldSize, localRank: try number("LOCAL_RANK"),
                                 localWorldSize: try number("LOCAL_WORLD_SIZE") ?? 1,
                                 masterAddress: masterAddress ?? variables["MASTER_ADDR"] ?? "127.0.0.1", masterPort: port)
    }
}
