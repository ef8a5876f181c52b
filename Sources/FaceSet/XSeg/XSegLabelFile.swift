import Foundation

/// The labels interchange file (`masque xseg labels export|import`): the XSeg label polygons of
/// one folder of aligned faces as JSON, so they can be drawn or edited in any tool until Masque's
/// own editor exists. Faces are keyed by file name; each lists its image size and its polygons
/// in DFL's order (every include polygon, then every exclude polygon, as `SegIEPolys` sorts them),
/// each a type and its vertices `[x, y]` in the aligned image's pixels, exactly the float32 values
/// DFL stores (written as the JSON number of the same value, so they come back bit for bit):
///
///     {"faces": {"00001_0.jpg": {"height": 256, "polygons": [{"points": [[10.5, 20.25], …],
///      "type": "include"}, …], "width": 256}, …}, "format": "masque-xseg-labels", "version": 1}
public struct XSegLabelFile: Codable, Sendable, Equatable {
    /// The format's name, to tell the file from other JSON.
    public static let formatName = "masque-xseg-labels"
    /// The format's version.
    public static let currentVersion = 1

    /// One polygon.
    public struct Polygon: Codable, Sendable, Equatable {
        /// `include` or `exclude` (DFL's `SegIEPolyType` 1 and 0).
        public var type: String
        /// The vertices, `[x, y]` in the aligned image's pixels.
        public var points: [[Double]]

        public init(type: String, points: [[Double]]) {
            self.type = type
            self.points = points
        }
    }

    /// The labels of one face.
    public struct Face: Codable, Sendable, Equatable {
        /// The aligned image's size in pixels; optional on import, where it is checked when given.
        public var width: Int?
        public var height: Int?
        /// The polygons in DFL's order; empty: the face has none.
        public var polygons: [Polygon]

        public init(width: Int?, height: Int?, polygons: [Polygon]) {
            self.width = width
            self.height = height
            self.polygons = polygons
        }
    }

    public var format: String
    public var version: Int
    /// The faces by file name.
    public var faces: [String: Face]

    public init(faces: [String: Face]) {
        format = Self.formatName
        version = Self.currentVersion
        self.faces = faces
    }

    /// `polygons` as the file holds them.
    public static func polygons(_ polygons: [XSegPolygon]) -> [Polygon] {
        XSegPolygon.includeFirst(polygons).map { polygon in
            Polygon(type: polygon.kind == .include ? "include" : "exclude",
                    points: polygon.points.map { [Double($0.x), Double($0.y)] })
        }
    }

    /// The file's bytes: compact JSON with sorted keys, so equal labels give equal files.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The labels in `data`; `source` names the file in errors. Checks the format's name and
    /// version; the polygons are checked against the faces by `XSegLabels`.
    public static func decode(_ data: Data, source: String) throws(FacesetError) -> XSegLabelFile {
        let file: XSegLabelFile
        do {
            file = try JSONDecoder().decode(XSegLabelFile.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw FacesetError(file: source, reason: "is not valid JSON (\(context.debugDescription)); write it as masque xseg labels export does")
        } catch let DecodingError.keyNotFound(key, context) {
            throw FacesetError(file: source, reason: "lacks '\(path(context.codingPath + [key]))'; write it as masque xseg labels export does")
        } catch let DecodingError.typeMismatch(_, context) {
            throw FacesetError(file: source, reason: "has the wrong kind of value at '\(path(context.codingPath))' (\(context.debugDescription))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw FacesetError(file: source, reason: "has null at '\(path(context.codingPath))'")
        } catch {
            throw FacesetError(file: source, reason: "cannot be read as XSeg labels (\(error))")
        }
        guard file.format == formatName, file.version == currentVersion else {
            throw FacesetError(file: source, reason: "is '\(file.format)' version \(file.version), not \(formatName) version \(currentVersion); export the labels again with this masque")
        }
        return file
    }

    /// A coding path as `faces.00001_0.jpg.polygons[2]`.
    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            key.intValue.map { "\(text)[\($0)]" } ?? (text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)")
        }
    }
}
