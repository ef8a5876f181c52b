import Testing
import Training

/// A worker's place read as torchrun and SLURM set it, flags winning over the variables.
@Suite struct WorkerEnvironmentTests {
    @Test func torchrunsVariablesAreRead() throws {
        let variables = ["RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1", "LOCAL_WORLD_SIZE": "2", "MASTER_ADDR": "10.0.0.5",
                         "MASTER_PORT": "29400"]
        let worker = try #require(try WorkerEnvironment.read(variables, rank: nil, worldSize: nil, masterAddress: nil, masterPort: nil))
        #expect(worker == WorkerEnvironment(rank: 3, worldSize: 4, localRank: 1, localWorldSize: 2, masterAddress: "10.0.0.5",
                                            masterPort: 29400))
        let flagged = try #require(try WorkerEnvironment.read(variables, rank: 0, worldSize: 2, masterAddress: "127.0.0.1", masterPort: 29501))
        #expect(flagged.rank == 0 && flagged.worldSize == 2 && flagged.masterAddress == "127.0.0.1" && flagged.masterPort == 29501)
    }

    @Test func withoutARankThereIsNoWorkerAndUnknownsTakeDefaults() throws {
        #expect(try WorkerEnvironment.read([:], rank: nil, worldSize: nil, masterAddress: nil, masterPort: nil) == nil)
        let worker = try #require(try WorkerEnvironment.read(["RANK": "1", "WORLD_SIZE": "2"], rank: nil, worldSize: nil,
                                                             masterAddress: nil, masterPort: nil))
        #expect(worker == WorkerEnvironment(rank: 1, worldSize: 2, localRank: 1, localWorldSize: 1))
    }

    @Test func badValuesAreOneLine() {
        let notNumber = #expect(throws: TrainingError.self) {
            try WorkerEnvironment.read(["RANK": "one"], rank: nil, worldSize: nil, masterAddress: nil, masterPort: nil)
        }
        #expect(notNumber?.message == "RANK=one is not a whole number")
        let outside = #expect(throws: TrainingError.self) {
            try WorkerEnvironment.read(["RANK": "2", "WORLD_SIZE": "2"], rank: nil, worldSize: nil, masterAddress: nil, masterPort: nil)
        }
        #expect(outside?.message == "rank 2 is outside a world of 2 workers (RANK, WORLD_SIZE or --rank, --world-size)")
    }
}
