import Foundation

/// A machine-readable statement that a file is synthetic media: Masque replaced a face in it.
///
/// Every merged PNG carries it (`PNGLabel`), every video encoded from labelled frames carries it
/// (`VideoLabel`), and `masque verify` reads it back (`ProvenanceReport`). It is compact JSON
/// with sorted keys, for example:
///
///     {"date":"2025-12-02T10:00:00Z","digital_source_type":"http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
///      "generator":"Masque 0.1.0","manipulation":"face replaced","model":{"name":"new_SAEHD","weights_sha256":"…"},
///      "synthetic":true,"version":1}
///
/// The label is one mark among those planned, carried beside the others rather than inside
/// them: an invisible watermark lives in the pixels, and signed C2PA credentials in their own
/// container box (PNG `caBX`, the MP4 `uuid` box), with a `c2pa.actions` assertion that names the
/// same `digital_source_type`. Each becomes one more optional finding of `ProvenanceReport`; this
/// JSON stays as it is. Readers ignore keys they do not know, so fields can be added; `version`
/// rises only for a change an older reader would misread.
public struct SyntheticMediaLabel: Codable, Sendable, Equatable {
    /// The model that made the replaced face.
    public struct Model: Codable, Sendable, Equatable {
        /// The model's name, e.g. `new_SAEHD` (DFL's `<name>_<Model>` prefix).
        public var name: String
        /// Lowercase hex SHA-256 of its weight files (`WeightsDigest`).
        public var weightsSHA256: String

        public init(name: String, weightsSHA256: String) {
            self.name = name
            self.weightsSHA256 = weightsSHA256
        }

        enum CodingKeys: String, CodingKey {
            case name
            case weightsSHA256 = "weights_sha256"
        }
    }

    /// The label format this release writes.
    public static let currentVersion = 1
    /// The manipulation Masque makes.
    public static let faceReplaced = "face replaced"
    /// IPTC's digital source type for media composited with the output of a trained model.
    public static let compositeWithTrainedAlgorithmicMedia =
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"

    /// The label format's version.
    public var version: Int
    /// Always true: the file is synthetic media.
    public var synthetic: Bool
    /// What was done, `face replaced`.
    public var manipulation: String
    /// The program that did it, `Masque <version>`.
    public var generator: String
    /// The model that made the face.
    public var model: Model
    /// When, in ISO 8601 UTC to the second (`2025-12-02T10:00:00Z`).
    public var date: String
    /// The IPTC digital source type (a URI), as XMP and C2PA name it.
    public var digitalSourceType: String

    /// A label for a face replaced by `modelName` (with weights `weightsSHA256`) at `date`.
    public init(modelName: String, weightsSHA256: String, date: Date = Date(), generator: String = MasqueRelease.generator) {
        self.version = Self.currentVersion
        self.synthetic = true
        self.manipulation = Self.faceReplaced
        self.generator = generator
        self.model = Model(name: modelName, weightsSHA256: weightsSHA256)
        self.date = Self.timestamp(date)
        self.digitalSourceType = Self.compositeWithTrainedAlgorithmicMedia
    }

    enum CodingKeys: String, CodingKey {
        case version, synthetic, manipulation, generator, model, date
        case digitalSourceType = "digital_source_type"
    }

    /// Decodes a label; one that does not assert `synthetic: true` is refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        synthetic = try container.decode(Bool.self, forKey: .synthetic)
        manipulation = try container.decode(String.self, forKey: .manipulation)
        generator = try container.decode(String.self, forKey: .generator)
        model = try container.decode(Model.self, forKey: .model)
        date = try container.decode(String.self, forKey: .date)
        digitalSourceType = try container.decodeIfPresent(String.self, forKey: .digitalSourceType)
            ?? Self.compositeWithTrainedAlgorithmicMedia
        guard synthetic else {
            throw DecodingError.dataCorruptedError(forKey: .synthetic, in: container, debugDescription: "synthetic is false")
        }
    }

    /// The label as compact UTF-8 JSON with sorted keys (no line breaks, `/` unescaped).
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers and booleans cannot fail.
        return try! encoder.encode(self)
    }

    /// The label in `json`; throws `ProvenanceError.unreadableLabel` naming `source`.
    public init(json: Data, source: String) throws(ProvenanceError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: json)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ProvenanceError.unreadableLabel(path: source, reason: "it has no \(key.stringValue)")
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.last?.stringValue == "synthetic" {
            throw ProvenanceError.unreadableLabel(path: source, reason: "it does not say the file is synthetic")
        } catch {
            throw ProvenanceError.unreadableLabel(path: source, reason: "it is not label JSON")
        }
    }

    /// What the label says, as one sentence without the file's name: `a face was replaced by
    /// Masque 0.1.0 with model new_SAEHD (weights sha256 …) on 2025-12-02T10:00:00Z`.
    public var statement: String {
        let what = manipulation == Self.faceReplaced ? "a face was replaced" : manipulation
        return "\(what) by \(generator) with model \(model.name) (weights sha256 \(model.weightsSHA256)) on \(date)"
    }

    /// `date` in ISO 8601 UTC, whole seconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
