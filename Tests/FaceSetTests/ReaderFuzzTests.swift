@testable import DFLFormats
@testable import FaceSet
import Foundation
import Testing

/// Seeded random mutations of valid inputs: the readers must neither crash nor hang, and every
/// refusal must be a one-line error.
@Suite struct ReaderFuzzTests {
    static let fixtureFiles = [
        "aligned/00001_0.jpg", "aligned/00002_0.jpg", "aligned/00003_0.jpg", "aligned/00004_0.jpg",
        "aligned/00005_0.jpg", "jpeg_variants/progressive_restart.jpg",
    ]

    @Test func pickleReaderSurvivesMutatedAndTruncatedInput() throws {
        var corpus: [[UInt8]] = try Self.fixtureFiles.map { file in
            let jpeg = try JPEGFile(bytes: [UInt8](try Data(contentsOf: FacesetReference.fixture(file))), sourceName: file)
            return jpeg.segments.first { $0.marker == JPEGSegment.app15 }?.payload ?? []
        }
        var values = RandomPickleValues(random: SeededRandom(seed: 99), includesDFLEnums: true)
        for index in 0..<20 {
            corpus.append(try PickleWriter(protocolVersion: index % 2 == 0 ? .three : .four).write(values.value(depth: 2)))
        }
        var random = SeededRandom(seed: 2024)
        var refused = 0
        for _ in 0..<14_000 {
            let input = Self.mutate(corpus.randomElement(using: &random) ?? [], using: &random)
            do {
                _ = try PickleReader(sourceName: "fuzz.pkl").read(input)
            } catch {
                refused += 1
                let message = error.description
                #expect(!message.contains("\n") && message.hasPrefix("fuzz.pkl: "), "\(message)")
            }
        }
        #expect(refused > 1000)
    }

    @Test func jpegAndMetadataReaderSurvivesMutatedAndTruncatedInput() throws {
        let corpus = try Self.fixtureFiles.map { [UInt8](try Data(contentsOf: FacesetReference.fixture($0))) }
        var random = SeededRandom(seed: 77)
        var refused = 0
        for _ in 0..<6_000 {
            let input = Self.mutate(corpus.randomElement(using: &random) ?? [], using: &random)
            let image: AlignedFaceImage
            do {
                image = try AlignedFaceImage(bytes: input, sourceName: "fuzz.jpg")
            } catch {
                refused += 1
                Self.expectOneLine(error.description, naming: "fuzz.jpg")
                continue
            }
            if image.hasMetadata {
                do { _ = try image.face() } catch { Self.expectOneLine("\(error)", naming: "fuzz.jpg") }
            }
            do { _ = try image.encoded() } catch { Self.expectOneLine("\(error)", naming: "fuzz.jpg") }
        }
        #expect(refused > 500)
    }

    /// A refusal is one line that starts with the input's name.
    static func expectOneLine(_ message: String, naming source: String) {
        #expect(!message.contains("\n") && message.hasPrefix("\(source): "), "\(message)")
    }

    /// "Quickly": a reader that expands these bombs would run for hours; the limit stops the
    /// test (and fails it) long before, without timing the reader against a clock.
    @Test(.timeLimit(.minutes(1)))
    func pathologicalPicklesAreRefusedQuickly() throws {
        let reader = PickleReader(sourceName: "bomb.pkl")
        // 100,000 nested empty lists: "]" repeated, then APPEND back down.
        let nested = [0x80, 0x02] + Array(repeating: UInt8(0x5D), count: 100_000) + Array(repeating: UInt8(0x61), count: 99_999) + [0x2E]
        #expect(throws: PickleError.self) { try reader.read(nested) }
        // 100,000 nested one-element tuples.
        let tuples = [0x80, 0x02, 0x4E] + Array(repeating: UInt8(0x85), count: 100_000) + [0x2E]
        #expect(throws: PickleError.self) { try reader.read(tuples) }
        // Doubling a shared list 60 times (2^60 elements if expanded).
        var doubling: [UInt8] = [0x80, 0x02, 0x5D, 0x71, 0x00]
        for level in 0..<60 {
            doubling += [0x68, UInt8(level), 0x68, UInt8(level), 0x86, 0x71, UInt8(level + 1)]
        }
        doubling.append(0x2E)
        #expect(throws: PickleError.self) { try reader.read(doubling) }
        // A list that contains itself.
        let recursive: [UInt8] = [0x80, 0x02, 0x5D, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2E]
        #expect(throws: PickleError.self) { try reader.read(recursive) }
        // A BINBYTES8 length far beyond the input.
        let huge: [UInt8] = [0x80, 0x04, 0x8E] + Array(repeating: 0xFF, count: 8) + [0x2E]
        #expect(throws: PickleError.self) { try reader.read(huge) }
        // An array whose shape claims 2^62 elements.
        let array = try NumpyArray(float32: [1], shape: [1])
        var claimed = try PickleWriter().write(.ndarray(array))
        let shapeOpcode: [UInt8] = [0x4B, 0x01, 0x85]
        if let at = (0..<(claimed.count - 2)).first(where: { Array(claimed[$0..<($0 + 3)]) == shapeOpcode }) {
            claimed.replaceSubrange(at..<(at + 2), with: [0x8A, 0x08] + Array(repeating: 0x00, count: 7) + [0x40])
        }
        #expect(throws: PickleError.self) { try reader.read(claimed) }
    }

    /// One random change: flipped bytes, truncation, inserted noise, a stray opcode, or a
    /// duplicated slice.
    static func mutate(_ input: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        guard !bytes.isEmpty else { return [UInt8.random(in: 0...255, using: &random)] }
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 1:
            bytes = Array(bytes[..<Int.random(in: 0..<bytes.count, using: &random)])
        case 2:
            let noise = (0..<Int.random(in: 1...16, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes.insert(contentsOf: noise, at: Int.random(in: 0...bytes.count, using: &random))
        case 3:
            let opcodes: [UInt8] = [0x28, 0x2E, 0x30, 0x31, 0x32, 0x52, 0x62, 0x63, 0x68, 0x71, 0x93, 0x94, 0x95, 0x8E, 0x65, 0x75]
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = opcodes.randomElement(using: &random) ?? 0x2E
        default:
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
            bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0...bytes.count, using: &random))
        }
        return bytes
    }
}
