import Foundation
import Support

/// A safetensors file could not be read or written; the message names the file and the fix.
public struct SafeTensorsError: MasqueError, Sendable {
    public let message: String
}

/// Reader and writer of the safetensors format: an 8-byte little-endian header length, a JSON
/// header `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}` padded with
/// spaces to 8 bytes, then the raw little-endian tensor bytes.
public enum SafeTensors {
    /// Named tensors in file order, plus the free-form string metadata.
    public struct Contents {
        public var tensors: [(name: String, tensor: Tensor)]
        public var metadata: [String: String]

        public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
            self.tensors = tensors
            self.metadata = metadata
        }

        /// The tensor stored under `name`.
        public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }
    }

    static let dtypeNames: [DType: String] = [
        .float32: "F32", .float16: "F16", .bfloat16: "BF16", .uint8: "U8", .int64: "I64", .bool: "BOOL",
        .int32: "I32", .float64: "F64",
    ]

    /// Reads every tensor of the file at `url` onto `device`.
    public static func read(_ url: URL, device: Device = .cpu) throws(SafeTensorsError) -> Contents {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw SafeTensorsError(message: "cannot read \(url.path): \(error.localizedDescription) (check the path and permissions)")
        }
        return try decode(data, source: url.path, device: device)
    }

    /// Parses safetensors bytes; `source` names the file in error messages.
    public static func decode(_ data: Data, source: String, device: Device = .cpu) throws(SafeTensorsError) -> Contents {
        func corrupt(_ why: String) -> SafeTensorsError {
            SafeTensorsError(message: "corrupt or truncated safetensors file \(source): \(why) (restore it from a backup or save it again)")
        }
        guard data.count >= 8 else { throw corrupt("\(data.count) bytes, too short for a header") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8), headerLength <= 100_000_000 else {
            throw corrupt("header of \(headerLength) bytes but the file has \(data.count)")
        }
        let dataStart = 8 + Int(headerLength)
        let header = data.subdata(in: data.startIndex + 8 ..< data.startIndex + dataStart)
        guard let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw corrupt("the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in json {
            if name == "__metadata__" {
                guard let map = value as? [String: String] else { throw corrupt("__metadata__ is not a string map") }
                metadata = map
                continue
            }
            guard let info = value as? [String: Any], let typeName = info["dtype"] as? String,
                  let shape = (info["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  let offsets = (info["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  offsets.count == 2
            else { throw corrupt("entry '\(name)' lacks dtype, shape or data_offsets") }
            guard let dtype = dtypeNames.first(where: { $0.value == typeName })?.key else {
                throw corrupt("entry '\(name)' has unsupported dtype \(typeName)")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1],
                  let byteCount = Self.byteCount(shape: shape, elementSize: dtype.byteSize),
                  offsets[1] - offsets[0] == byteCount
            else { throw corrupt("entry '\(name)' has offsets \(offsets) that do not match shape \(shape)") }
            guard offsets[1] <= data.count - dataStart else {
                throw corrupt("entry '\(name)' ends at data byte \(offsets[1]) but the file has \(data.count - dataStart) data bytes")
            }
            entries.append((name, dtype, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        var tensors: [(name: String, tensor: Tensor)] = []
        for entry in entries {
            let range = data.startIndex + dataStart + entry.begin ..< data.startIndex + dataStart + entry.end
            let made = data[range].withUnsafeBytes { bytes in
                Result { () throws(TensorError) in try Tensor(host: bytes, shape: entry.shape, dtype: entry.dtype, device: device) }
            }
            switch made {
            case .success(let tensor): tensors.append((entry.name, tensor))
            case .failure(let error): throw SafeTensorsError(message: "cannot load '\(entry.name)' from \(source): \(error)")
            }
        }
        return Contents(tensors: tensors, metadata: metadata)
    }

    /// The file bytes for `contents`, tensors in the given order.
    public static func encode(_ contents: Contents) throws(SafeTensorsError) -> Data {
        var header: [String: Any] = [:]
        var blobs: [Data] = []
        var offset = 0
        for (name, tensor) in contents.tensors {
            guard let typeName = dtypeNames[tensor.dtype] else {
                throw SafeTensorsError(message: "cannot store '\(name)': dtype \(tensor.dtype) has no safetensors name")
            }
            var blob = Data(count: tensor.elementCount * tensor.dtype.byteSize)
            let copied = blob.withUnsafeMutableBytes { bytes in
                Result { () throws(TensorError) in try tensor.copyToHost(into: bytes) }
            }
            if case .failure(let error) = copied {
                throw SafeTensorsError(message: "cannot store '\(name)': \(error)")
            }
            header[name] = ["dtype": typeName, "shape": tensor.shape, "data_offsets": [offset, offset + blob.count]] as [String: Any]
            offset += blob.count
            blobs.append(blob)
        }
        if !contents.metadata.isEmpty { header["__metadata__"] = contents.metadata }
        var json: Data
        do { json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]) } catch {
            throw SafeTensorsError(message: "cannot encode the safetensors header: \(error.localizedDescription)")
        }
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for blob in blobs { out.append(blob) }
        return out
    }

    /// Writes `contents` to `url` through the atomic writer (`AtomicFile`).
    public static func write(_ contents: Contents, to url: URL) throws(SafeTensorsError) {
        let bytes = try encode(contents)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            throw SafeTensorsError(message: "cannot write \(url.path): \(FileError.reason(error)) (check that the folder exists and is writable, and free disk space)")
        }
    }

    /// The bytes of a tensor of `shape`, nil when the product overflows (a hostile header).
    static func byteCount(shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            total = product
        }
        return total
    }
}
