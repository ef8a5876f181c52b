@testable import DFLFormats
@testable import FaceGeometry
@testable import FaceSet
import Imaging
import Testing

@Suite struct ValueTypesTests {
    @Test func faceTypesHaveDFLsNamesValuesAndShortForms() {
        let table: [(FaceType, Int, String, String?)] = [
            (.half, 0, "half_face", "h"), (.midFull, 1, "midfull_face", "mf"), (.full, 2, "full_face", "f"),
            (.fullNoAlign, 3, "full_face_no_align", nil), (.wholeFace, 4, "whole_face", "wf"), (.head, 10, "head", "head"),
            (.headNoAlign, 20, "head_no_align", nil), (.markOnly, 100, "mark_only", nil),
        ]
        for (faceType, value, name, shortName) in table {
            #expect(faceType.rawValue == value && faceType.name == name && faceType.shortName == shortName)
            #expect(FaceType(name: name) == faceType)
            if let shortName { #expect(FaceType(shortName: shortName) == faceType) }
        }
        #expect(FaceType.allCases.count == table.count)
        #expect(FaceType.head > .wholeFace && FaceType.markOnly >= .head)
        #expect(FaceType(name: "Full_Face") == nil)
    }

    @Test func arrayElementsComeOutInCOrder() throws {
        let integers = try NumpyArray(integers: [-1, 2, -300, 40_000], dtype: .int32, shape: [2, 2])
        #expect(integers.integers() == [-1, 2, -300, 40_000])
        #expect(try NumpyArray(integers: [255, 1], dtype: .uint8, shape: [2]).doubles() == [255, 1])
        // Column-major [[1, 2, 3], [4, 5, 6]] is stored 1, 4, 2, 5, 3, 6.
        let fortran = NumpyArray(consistentDType: .float64, shape: [2, 3], isFortranOrder: true,
                                 data: [1.0, 4, 2, 5, 3, 6].flatMap { NumpyElements.bytes(of: $0.bitPattern) })
        #expect(fortran.doubles() == [1, 2, 3, 4, 5, 6])
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x8000]
        let float16 = try NumpyArray(dtype: .float16, shape: [6], data: halves.flatMap { NumpyElements.bytes(of: $0) })
        #expect(float16.floats() == [1, -2, 65504, Float(sign: .plus, exponent: -24, significand: 1), .infinity, -0.0])
        #expect(throws: NumpyArrayError.self) { try NumpyArray(dtype: .float32, shape: [3], data: [0, 0, 0, 0]) }
        #expect(throws: NumpyArrayError.self) { try NumpyArray(dtype: .int8, shape: [Int.max, 4], data: []) }
    }

    @Test func scalarsAndMatricesGiveTheirValues() throws {
        #expect(NumpyScalar(int64: -5).intValue == -5 && NumpyScalar(float64: 0.25).doubleValue == 0.25)
        #expect(try NumpyScalar(dtype: .bool, data: [1]).intValue == 1)
        #expect(PickleValue.numpyScalar(NumpyScalar(float64: 2.5)).doubleValue == 2.5)
        let matrix = AffineMatrix(elements: [2, 0, 1, 0, 3, -1])
        #expect(matrix.apply(to: SIMD2<Double>(1, 1)) == SIMD2(3, 2))
    }
}
