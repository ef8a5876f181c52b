import Foundation
import Testing
import TestSupport
@testable import Provenance

/// A labelled PNG read by the reference Python: chunks walked and every CRC checked with zlib's
/// `crc32`, the `iTXt` fields split as the PNG specification lays them out, the XMP parsed as
/// XML, and the pixels decoded by OpenCV's own libpng (the `opencv-python-headless` wheel).
@Suite struct PNGLabelReferenceTests {
    static let pythonAvailable = FileManager.default.isExecutableFile(atPath: PythonReference.interpreter)

    static let script = #"""
    import json, struct, sys, zlib
    import xml.etree.ElementTree as ET
    import cv2, numpy as np
    labelled, original = sys.argv[1], sys.argv[2]
    data = open(labelled, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "signature"
    pos, chunks, texts = 8, [], {}
    while True:
        length, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, "crc of " + kind.decode()
        chunks.append(kind.decode())
        if kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            assert rest[0] == 0 and rest[1] == 0, "uncompressed"
            language, rest = rest[2:].split(b"\0", 1)
            translated, text = rest.split(b"\0", 1)
            texts[keyword.decode("latin-1")] = text.decode("utf-8")
        pos += 12 + length
        if kind == b"IEND":
            break
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    description = ET.fromstring(texts["XML:com.adobe.xmp"].split("?>", 1)[1].rsplit("<?xpacket", 1)[0]).find(rdf + "RDF/" + rdf + "Description")
    a = cv2.imread(labelled, cv2.IMREAD_UNCHANGED)
    b = cv2.imread(original, cv2.IMREAD_UNCHANGED)
    print(json.dumps({
        "chunks": chunks,
        "label": json.loads(texts["masque:synthetic-media"]),
        "source_type": description.get("{http://iptc.org/std/Iptc4xmpExt/2008-02-29/}DigitalSourceType"),
        "creator": description.get("{http://ns.adobe.com/xap/1.0/}CreatorTool"),
        "same_pixels": a is not None and a.shape == b.shape and bool(np.array_equal(a, b)),
        "trailing": len(data) - pos,
    }))
    """#

    struct Report: Decodable {
        let chunks: [String]
        let label: SyntheticMediaLabel
        let sourceType: String
        let creator: String
        let samePixels: Bool
        let trailing: Int

        enum CodingKeys: String, CodingKey {
            case chunks, label, creator, trailing
            case sourceType = "source_type", samePixels = "same_pixels"
        }
    }

    @Test(.enabled(if: pythonAvailable, "the reference Python (scripts/bootstrap's venv or MASQUE_PYTHON) is not installed"))
    func pythonReadsTheLabelAndTheSamePixels() throws {
        let folder = try TemporaryDirectory("masque-provenance")
        let original = folder.file("original.png")
        let labelled = folder.file("labelled.png")
        let png = try LabelFixtures.png()
        try png.write(to: original)
        try PNGLabel.insert(LabelFixtures.label, into: png).write(to: labelled)

        let output = try PythonReference.run(Self.script, arguments: [labelled.path, original.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
        #expect(report.label == LabelFixtures.label)
        #expect(report.sourceType == SyntheticMediaLabel.compositeWithTrainedAlgorithmicMedia)
        #expect(report.creator == "Masque 0.1.0")
        #expect(report.samePixels)
        #expect(report.trailing == 0)
        #expect(report.chunks.first == "IHDR" && report.chunks.suffix(3) == ["iTXt", "iTXt", "IEND"])
    }
}
