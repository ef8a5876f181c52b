@testable import DFLFormats
@testable import FaceSet
import Foundation
import Testing
import TestSupport

/// Masque and Python read each other's pickles to the same values.
@Suite struct PicklePythonCompatibilityTests {
    @Test func masqueReadsPythonPicklesOfEveryProtocol() throws {
        let folder = try makeTemporaryFolder("pickle-samples")
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try FacesetReference.run("dump-samples", [folder.path]).trimmingCharacters(in: .whitespacesAndNewlines)
        let files = (0...5).map { "plain_p\($0).pkl" } + ["dfl_p3.pkl", "dfl_p4.pkl"]
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let value = try PickleReader(sourceName: file).read(data)
            let difference = descriptionDifference(referenceDescription(value), expected)
            #expect(difference.isEmpty, "\(file): \(difference)")
        }
    }

    @Test func pythonReadsWhatMasqueWrites() throws {
        let folder = try makeTemporaryFolder("pickle-written")
        defer { try? FileManager.default.removeItem(at: folder) }
        var values = RandomPickleValues(random: SeededRandom(seed: 42), includesDFLEnums: false)
        var paths: [String] = []
        var expected: [String] = []
        for index in 0..<40 {
            var value = values.value()
            if index < NumpyDType.all.count {
                value = .list([value, .ndarray(values.array(dtype: NumpyDType.all[index]))])
            }
            for writer in PickleRoundTripTests.writers {
                let url = folder.appendingPathComponent("\(index)-p\(writer.protocolVersion.rawValue)-\(writer.usesFrames).pkl")
                try Data(try writer.write(value)).write(to: url)
                paths.append(url.path)
                expected.append(referenceDescription(value))
            }
        }
        let described = try FacesetReference.lines("describe-plain", paths)
        #expect(described.count == expected.count)
        for (path, (python, masque)) in zip(paths, zip(described, expected)) {
            let difference = descriptionDifference(masque, python)
            #expect(difference.isEmpty, "\(path): \(difference)")
        }
    }

    @Test func pythonReadsMasqueDFLEnumsAsTheStandInClasses() throws {
        let folder = try makeTemporaryFolder("pickle-enums")
        defer { try? FileManager.default.removeItem(at: folder) }
        let value = PickleValue.list(DFLEnumMember.EnumClass.allCases.flatMap { enumClass in
            enumClass.validValues.sorted().compactMap { DFLEnumMember(enumClass, value: $0) }.map { PickleValue.dflEnum($0) }
        })
        var paths: [String] = []
        for writer in PickleRoundTripTests.writers {
            let url = folder.appendingPathComponent("enums-\(paths.count).pkl")
            try Data(try writer.write(value)).write(to: url)
            paths.append(url.path)
        }
        for line in try FacesetReference.lines("describe-pickle", paths) {
            let difference = descriptionDifference(referenceDescription(value), line)
            #expect(difference.isEmpty, "\(difference)")
        }
    }
}
