@testable import DFLFormats
@testable import FaceSet
import Foundation
import Testing

@Suite struct PickleRoundTripTests {
    static let writers = [
        PickleWriter(protocolVersion: .three),
        PickleWriter(protocolVersion: .four, usesFrames: true),
        PickleWriter(protocolVersion: .four, usesFrames: false),
    ]

    @Test func randomNestedValuesSurviveBothProtocols() throws {
        var values = RandomPickleValues(random: SeededRandom(seed: 7), includesDFLEnums: true)
        let reader = PickleReader(sourceName: "round-trip")
        for _ in 0..<300 {
            let value = values.value()
            for writer in Self.writers {
                let bytes = try writer.write(value)
                let read = try reader.read(bytes)
                #expect(read == value, "protocol \(writer.protocolVersion.rawValue), frames \(writer.usesFrames)")
            }
        }
    }

    @Test(arguments: NumpyDType.all)
    func arraysOfEveryDTypeSurvive(dtype: NumpyDType) throws {
        var values = RandomPickleValues(random: SeededRandom(seed: UInt64(dtype.itemSize * 31 + Int(dtype.kind.rawValue.asciiValue ?? 0))),
                                        includesDFLEnums: false)
        let reader = PickleReader(sourceName: "arrays")
        for _ in 0..<40 {
            let array = values.array(dtype: dtype)
            let value = PickleValue.dict(PickleDictionary([
                ("array", .ndarray(array)), ("again", .ndarray(array)), ("dtype", .numpyDType(dtype)),
                ("scalar", .numpyScalar(try NumpyScalar(dtype: dtype, data: Array(repeating: 1, count: dtype.itemSize)))),
            ]))
            for writer in Self.writers {
                #expect(try reader.read(try writer.write(value)) == value)
            }
        }
    }

    @Test func protocolThreeMatchesPythonOpcodesForAnArray() throws {
        // pickle.dumps(np.array([1.0, 2.0], np.float32), 3) under NumPy 1.x (DFL's layout).
        let array = try NumpyArray(float32: [1, 2], shape: [2])
        let expected: [UInt8] = Array("\u{80}\u{03}cnumpy.core.multiarray\n_reconstruct\nq\u{00}cnumpy\nndarray\nq\u{01}K\u{00}\u{85}q\u{02}C\u{01}bq\u{03}\u{87}q\u{04}Rq\u{05}(K\u{01}K\u{02}\u{85}q\u{06}cnumpy\ndtype\nq\u{07}X\u{02}\u{00}\u{00}\u{00}f4q\u{08}\u{89}\u{88}\u{87}q\u{09}Rq\u{0A}(K\u{03}X\u{01}\u{00}\u{00}\u{00}<q\u{0B}NNNJ\u{FF}\u{FF}\u{FF}\u{FF}J\u{FF}\u{FF}\u{FF}\u{FF}K\u{00}tq\u{0C}b\u{89}C\u{08}\u{00}\u{00}\u{80}?\u{00}\u{00}\u{00}@q\u{0D}tq\u{0E}b.".unicodeScalars.map { UInt8($0.value) })
        #expect(try PickleWriter(protocolVersion: .three).write(.ndarray(array)) == expected)
    }

    @Test func sharedDTypeIsWrittenOnceAndReferenced() throws {
        let array = try NumpyArray(float32: [1, 2, 3], shape: [3])
        let bytes = try PickleWriter().write(.list([.ndarray(array), .ndarray(array), .ndarray(array)]))
        let dtypeGlobal = Array("cnumpy\ndtype\n".utf8)
        let occurrences = (0...(bytes.count - dtypeGlobal.count)).filter { Array(bytes[$0..<($0 + dtypeGlobal.count)]) == dtypeGlobal }
        #expect(occurrences.count == 1)
    }

    @Test func bigIntegersKeepTheirValue() throws {
        let reader = PickleReader(sourceName: "ints")
        for text in ["9223372036854775808", "-9223372036854775809", "1606938044258990275541962092341162602522202993782792835301376"] {
            let value = try #require(PickleBigInteger(decimal: text))
            #expect(value.description == text)
            #expect(try reader.read(try PickleWriter().write(.bigInt(value))) == .bigInt(value))
        }
        #expect(PickleBigInteger(twosComplementBytes: PickleBigInteger.twosComplementBytes(of: -129)).exactInt == -129)
        #expect(PickleBigInteger(decimal: "-9223372036854775808")?.exactInt == Int.min)
        #expect(PickleBigInteger(decimal: "12a") == nil && PickleBigInteger(decimal: "-") == nil)
    }

    @Test func dictionaryKeysFollowPythonEquality() {
        var dictionary = PickleDictionary()
        dictionary[.int(1)] = .string("int")
        dictionary[.bool(true)] = .string("bool")
        dictionary[.float(1.0)] = .string("float")
        dictionary["b"] = PickleValue.none
        dictionary[.int(1)] = nil
        #expect(dictionary.entries == [PickleDictionary.Entry(key: .string("b"), value: .none)])
    }
}
