@testable import DFLFormats
@testable import FaceAnalysis
@testable import FaceGeometry
import FaceSet
import Foundation
@testable import Inference
import NN
import Tensors
import Testing
import TestSupport

/// Reading DFL's weight files (reference §5.9) and loading them into S3FD and FAN.
@Suite struct DFLModelsTests {
    @Test func everyS3FDKeyMapsInDFLsOrder() throws {
        let file = try DFLTestModels.s3fdFile.get()
        #expect(DFLWeightLoader.keys(of: S3FDNetwork()) == file.keys)
        #expect(file.keys.count == 65)
        #expect(file["fc6/weight:0"]?.shape == [3, 3, 512, 1024])
        #expect(file["conv3_3_norm/weight:0"]?.shape == [1, 1, 1, 256])
    }

    @Test func everyFANKeyMapsInDFLsOrder() throws {
        let file = try DFLTestModels.fanFile.get()
        #expect(DFLWeightLoader.keys(of: FANNetwork()) == file.keys)
        #expect(file.keys.contains("m_0/b2_plus/b2_plus/b2_plus/b2_plus/conv3/weight:0"))
        #expect(file["l_3/weight:0"]?.shape == [1, 1, 256, 68])
        #expect(file["bl_3/weight:0"] == nil)
    }

    /// Kernels go from DFL's HWIO to OIHW; per-channel vectors keep their values.
    @Test func loadedValuesSitWhereDFLsLayoutPutsThem() throws {
        let file = try DFLTestModels.s3fdFile.get()
        let network = try DFLTestModels.detector.get().network
        let hwio = try #require(file["conv2_1/weight:0"]).floats()      // (3, 3, 64, 128)
        let oihw = network.conv2_1.weight.value.floats()                // (128, 64, 3, 3)
        for (o, i, y, x) in [(0, 0, 0, 0), (5, 7, 1, 2), (127, 63, 2, 2), (64, 1, 2, 0)] {
            #expect(oihw[((o * 64 + i) * 3 + y) * 3 + x] == hwio[((y * 3 + x) * 64 + i) * 128 + o])
        }
        #expect(network.conv4_3_norm.weight.value.floats() == file["conv4_3_norm/weight:0"]!.floats())
        #expect(network.conv7_2_mbox_loc.bias!.value.floats() == file["conv7_2_mbox_loc/bias:0"]!.floats())

        let fan = try DFLTestModels.fanFile.get()
        let fanNetwork = try DFLTestModels.landmarker.get().network
        #expect(fanNetwork.bn_end[1].running_var.value.floats() == fan["bn_end_1/running_var:0"]!.floats())
        let kernel = fan["al_2/weight:0"]!.floats()                      // (1, 1, 68, 256)
        let loaded = fanNetwork.al[2].weight.value.floats()              // (256, 68, 1, 1)
        #expect(loaded[200 * 68 + 31] == kernel[31 * 256 + 200])
    }

    @Test func aMissingFileIsNamed() throws {
        let folder = try TemporaryDirectory("dfl-missing")
        let url = folder.file("S3FD.npy")
        let error = try #require(throws: DFLModelError.self) { try DFLWeightFile(contentsOf: url) }
        #expect(error.message.contains(url.path) && error.message.contains("not found"))
        #expect(!error.message.contains("\n"))
    }

    @Test func aTruncatedFileIsRefusedWithOneLine() throws {
        let folder = try TemporaryDirectory("dfl-truncated")
        let source = try FileHandle(forReadingFrom: try DFLTestModels.file("S3FD.npy"))
        let head = try source.read(upToCount: 3 << 20)
        try source.close()
        let url = folder.file("S3FD.npy")
        try head!.write(to: url)
        let error = try #require(throws: DFLModelError.self) { try DFLWeightFile(contentsOf: url) }
        #expect(error.message.hasPrefix(url.path + " is not a DFL weight file"))
        #expect(!error.message.contains("\n"))
    }

    @Test func aHostilePickleIsRefusedWithoutRunningIt() throws {
        let folder = try TemporaryDirectory("dfl-hostile")
        let marker = folder.file("ran")
        let url = folder.file("2DFAN.npy")
        // Protocol 2: GLOBAL os.system, BINUNICODE "touch <marker>", TUPLE1, REDUCE, STOP.
        let command = Array("touch \(marker.path)".utf8)
        let length = withUnsafeBytes(of: UInt32(command.count).littleEndian) { Array($0) }
        let payload: [UInt8] = [0x80, 0x02] + Array("cos\nsystem\n".utf8) + [0x58] + length + command + [0x85, 0x52, 0x2E]
        try Data(payload).write(to: url)
        let error = try #require(throws: DFLModelError.self) { try DFLWeightFile(contentsOf: url) }
        #expect(error.message.hasPrefix(url.path + " is not a DFL weight file"))
        #expect(error.message.contains("refused global os.system"))
        #expect(!error.message.contains("\n"))
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func filesThatAreNotWeightDictionariesAreRefused() throws {
        let folder = try TemporaryDirectory("dfl-not-weights")
        let list = folder.file("list.npy")
        try Data(try PickleWriter(protocolVersion: .four).write(.list([.int(1)]))).write(to: list)
        let listError = try #require(throws: DFLModelError.self) { try DFLWeightFile(contentsOf: list) }
        #expect(listError.message == "\(list.path) is not a DFL weight file: it holds a list, not a dict of weights")

        let numbers = folder.file("numbers.npy")
        let dictionary: PickleValue = .dict(PickleDictionary([("conv1_1/weight:0", .int(3))]))
        try Data(try PickleWriter(protocolVersion: .four).write(dictionary)).write(to: numbers)
        let numbersError = try #require(throws: DFLModelError.self) { try DFLWeightFile(contentsOf: numbers) }
        #expect(numbersError.message.contains("'conv1_1/weight:0' holds a int, not an array"))

        let npy = folder.file("real.npy")
        try Data([0x93] + Array("NUMPY".utf8) + [1, 0, 0, 0]).write(to: npy)
        let npyError = try #require(throws: DFLModelError.self) { try DFLWeightFile(contentsOf: npy) }
        #expect(npyError.message.contains("is a NumPy array file"))
    }

    /// A small weight dictionary for S3FD: conv1_1's kernel with `shape`, nothing else.
    func partialS3FDFile(kernelShape shape: [Int], in folder: TemporaryDirectory) throws -> DFLWeightFile {
        let count = shape.reduce(1, *)
        let kernel = try NumpyArray(float32: (0..<count).map { Float($0) }, shape: shape)
        let dictionary: PickleValue = .dict(PickleDictionary([("conv1_1/weight:0", .ndarray(kernel))]))
        let url = folder.file("S3FD.npy")
        try Data(try PickleWriter(protocolVersion: .four).write(dictionary)).write(to: url)
        return try DFLWeightFile(contentsOf: url)
    }

    @Test func aWrongShapeIsReportedWithBothShapes() throws {
        let folder = try TemporaryDirectory("dfl-shape")
        let file = try partialS3FDFile(kernelShape: [3, 3, 3, 32], in: folder)
        let network = S3FDNetwork()
        let error = try #require(throws: DFLModelError.self) { try DFLWeightLoader.load(file, into: network, network: "S3FD") }
        #expect(error.message.hasPrefix(file.url.path + ": weight 'conv1_1/weight:0' has shape (3, 3, 3, 32) but S3FD expects (3, 3, 3, 64)"))
        #expect(network.conv1_1.weight.value.floats().allSatisfy { $0 == 0 }, "nothing is loaded on failure")
    }

    @Test func aMissingKeyIsNamed() throws {
        let folder = try TemporaryDirectory("dfl-key")
        let file = try partialS3FDFile(kernelShape: [3, 3, 3, 64], in: folder)
        let error = try #require(throws: DFLModelError.self) { try DFLWeightLoader.load(file, into: S3FDNetwork(), network: "S3FD") }
        #expect(error.message == "\(file.url.path) lacks the weight 'conv1_1/bias:0' that S3FD needs (is it DeepFaceLab's S3FD file?)")
    }

    @Test func theModelFolderFindsFilesInTheFolderOrItsFacelib() throws {
        let root = try TemporaryDirectory("dfl-folder")
        let facelib = root.file("facelib")
        try FileManager.default.createDirectory(at: facelib, withIntermediateDirectories: true)
        try Data().write(to: root.file("S3FD.npy"))
        try Data().write(to: facelib.appendingPathComponent("2DFAN.npy"))
        let folder = try DFLModelFolder(root.url)
        #expect(try folder.file(for: .s3fd) == root.file("S3FD.npy"))
        #expect(try folder.file(for: .fan2D) == facelib.appendingPathComponent("2DFAN.npy"))
        let missing = try #require(throws: DFLModelError.self) { try folder.file(for: .fan3D) }
        #expect(missing.message.hasPrefix("3DFAN.npy not found in \(root.url.path) or \(root.url.path)/facelib"))
        #expect(throws: DFLModelError.self) { try DFLModelFolder(root.file("nowhere")) }
        #expect(throws: DFLModelError.self) { try S3FDDetector(dflModels: folder) }
    }

    @Test func headAndMarkOnlyExtractionUse3DFAN() {
        let threeD: [FaceType] = [.head, .headNoAlign, .markOnly]
        for faceType in [FaceType.half, .midFull, .full, .fullNoAlign, .wholeFace] + threeD {
            #expect(DFLModelFolder.landmarkModel(for: faceType) == (threeD.contains(faceType) ? .fan3D : .fan2D))
        }
    }

    @Test func theModelFolderBuildsDFLsExtractors() throws {
        let root = try TemporaryDirectory("dfl-folder-load")
        let facelib = root.file("facelib")
        try FileManager.default.createDirectory(at: facelib, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: facelib.appendingPathComponent("S3FD.npy"),
                                                   withDestinationURL: try DFLTestModels.file("S3FD.npy"))
        try FileManager.default.createSymbolicLink(at: facelib.appendingPathComponent("3DFAN.npy"),
                                                   withDestinationURL: try DFLTestModels.file("2DFAN.npy"))
        let folder = try DFLModelFolder(root.url)
        #expect(throws: DFLModelError.self) { try FANLandmarker(dflModels: folder, faceType: .wholeFace) }
        let landmarker = try FANLandmarker(dflModels: folder, faceType: .head)
        #expect(landmarker.secondPassDetector is S3FDDetector)
    }
}
