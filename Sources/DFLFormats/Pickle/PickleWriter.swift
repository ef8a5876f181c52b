/// Writes `PickleValue`s as pickles that Python — including DFL's Python 3.6 with NumPy 1.19 —
/// reads back to the same values.
///
/// The opcode choices follow CPython's pickler: memoized strings, containers batched by 1000,
/// NumPy arrays, dtypes and scalars reduced exactly as NumPy reduces them (with the
/// `numpy.core.multiarray` spelling NumPy 1.x imports), and for protocol 4 optional framing
/// with Python's 64 KiB frame target. Equal strings, dtypes, DFL enum members, globals and the
/// bytes CPython keeps as singletons are written once and referenced afterwards, as Python does
/// for the shared objects DFL pickles.
public struct PickleWriter: Sendable {
    /// The pickle protocols Masque writes.
    public enum ProtocolVersion: Int, Sendable {
        /// Python 3.0–3.7's default, what DFL's Windows builds write for metadata.
        case three = 3
        /// Python 3.8+'s default, what DFL writes explicitly for weights and faceset.pak.
        case four = 4
    }

    public var protocolVersion: ProtocolVersion
    /// Whether protocol 4 output is split into FRAMEs as Python does (ignored for protocol 3).
    public var usesFrames: Bool

    public init(protocolVersion: ProtocolVersion = .three, usesFrames: Bool = true) {
        self.protocolVersion = protocolVersion
        self.usesFrames = usesFrames
    }

    /// The pickle of `value`. Fails for a dict key Python could not hash (a list, dict or array),
    /// which Python itself would fail to read back.
    public func write(_ value: PickleValue) throws(PickleError) -> [UInt8] {
        let pickler = Pickler(protocolVersion: protocolVersion.rawValue,
                              framing: protocolVersion == .four && usesFrames)
        return try pickler.dump(value)
    }
}

/// The mutable state of one `PickleWriter.write` call.
private final class Pickler {
    private enum MemoKey: Hashable {
        case string(String)
        case singletonBytes([UInt8])
        case dtype(NumpyDType)
        case enumMember(DFLEnumMember)
        case global(PickleGlobal)
    }

    private static let batchSize = 1000
    private static let frameSizeTarget = 64 * 1024
    private static let frameSizeMinimum = 4

    private let protocolVersion: Int
    private let framing: Bool
    private var output: [UInt8] = []
    private var frame: [UInt8] = []
    private var memo: [MemoKey: Int] = [:]
    private var memoCount = 0

    init(protocolVersion: Int, framing: Bool) {
        self.protocolVersion = protocolVersion
        self.framing = framing
    }

    func dump(_ value: PickleValue) throws(PickleError) -> [UInt8] {
        output = [PickleOpcode.proto.rawValue, UInt8(protocolVersion)]
        try save(value)
        write([PickleOpcode.stop.rawValue])
        if framing, !frame.isEmpty { commitFrame(force: true) }
        return output
    }

    // MARK: - Values

    private func save(_ value: PickleValue) throws(PickleError) {
        commitFrame(force: false)
        switch value {
        case .none: write(opcode: .none)
        case .bool(let flag): write(opcode: flag ? .newtrue : .newfalse)
        case .int(let number): saveInt(number)
        case .bigInt(let number): saveLong(number.twosComplementBytes)
        case .float(let number):
            write(opcode: .binfloat)
            writeInteger(number.bitPattern.bigEndian, byteCount: 8)
        case .string(let text): try saveString(text)
        case .bytes(let data): try saveBytes(data)
        case .list(let elements):
            write(opcode: .emptyList)
            memoize(nil)
            try saveBatched(count: elements.count, many: .appends, one: .append) { index throws(PickleError) in
                try save(elements[index])
            }
        case .tuple(let elements):
            try saveTuple(elements)
        case .dict(let dictionary):
            guard dictionary.keys.allSatisfy(\.isPythonHashable) else {
                throw PickleError(source: "pickle writer", offset: output.count, reason: "a dict key is a list, dict or array")
            }
            write(opcode: .emptyDict)
            memoize(nil)
            let entries = dictionary.entries
            try saveBatched(count: entries.count, many: .setitems, one: .setitem) { index throws(PickleError) in
                try save(entries[index].key)
                try save(entries[index].value)
            }
        case .ndarray(let array): try saveArray(array)
        case .numpyScalar(let scalar):
            try saveGlobal(.numpyScalar)
            try save(.tuple([.numpyDType(scalar.dtype), .bytes(scalar.data)]))
            write(opcode: .reduce)
            memoize(nil)
        case .numpyDType(let dtype): try saveDType(dtype)
        case .record(let record):
            throw PickleError(source: "pickle writer", offset: output.count,
                              reason: "\(record.recordClass.moduleAndName.name) objects are read, never written")
        case .dflEnum(let member):
            if writeReference(to: .enumMember(member)) { return }
            try saveGlobal(.dflEnum(member.enumClass))
            try save(.tuple([.int(member.value)]))
            write(opcode: .reduce)
            memoize(.enumMember(member))
        }
    }

    private func saveInt(_ number: Int) {
        if number >= 0, number <= 0xFF {
            write(opcode: .binint1)
            writeInteger(UInt64(number), byteCount: 1)
        } else if number >= 0, number <= 0xFFFF {
            write(opcode: .binint2)
            writeInteger(UInt64(number), byteCount: 2)
        } else if let small = Int32(exactly: number) {
            write(opcode: .binint)
            writeInteger(UInt64(UInt32(bitPattern: small)), byteCount: 4)
        } else {
            saveLong(PickleBigInteger.twosComplementBytes(of: number))
        }
    }

    private func saveLong(_ encoded: [UInt8]) {
        if encoded.count < 256 {
            write(opcode: .long1)
            writeInteger(UInt64(encoded.count), byteCount: 1)
        } else {
            write(opcode: .long4)
            writeInteger(UInt64(encoded.count), byteCount: 4)
        }
        write(encoded)
    }

    private func saveString(_ text: String) throws(PickleError) {
        if writeReference(to: .string(text)) { return }
        let encoded = Array(text.utf8)
        try writeSized(encoded, short: protocolVersion >= 4 ? .shortBinunicode : nil, medium: .binunicode, large: .binunicode8)
        memoize(.string(text))
    }

    /// Bytes are memoized by identity in Python, and CPython shares one object for `b''` and for
    /// each one-byte value (NumPy's `b'b'` argument included), so those are referenced once written.
    private func saveBytes(_ data: [UInt8]) throws(PickleError) {
        let key: MemoKey? = data.count <= 1 ? .singletonBytes(data) : nil
        if let key, writeReference(to: key) { return }
        try writeSized(data, short: .shortBinbytes, medium: .binbytes, large: .binbytes8)
        memoize(key)
    }

    /// Writes a length-prefixed payload with the smallest opcode the protocol allows; payloads
    /// of a frame's size or more are written outside frames, as Python does.
    private func writeSized(_ payload: [UInt8], short: PickleOpcode?, medium: PickleOpcode, large: PickleOpcode) throws(PickleError) {
        let count = payload.count
        if let short, count <= 0xFF {
            write(opcode: short)
            writeInteger(UInt64(count), byteCount: 1)
            write(payload)
        } else if count > 0xFFFF_FFFF {
            guard protocolVersion >= 4 else {
                throw PickleError(source: "pickle writer", offset: output.count, reason: "payloads over 4 GiB need protocol 4")
            }
            writeUnframed(opcode: large, count: count, lengthBytes: 8, payload: payload)
        } else if count >= Self.frameSizeTarget {
            writeUnframed(opcode: medium, count: count, lengthBytes: 4, payload: payload)
        } else {
            write(opcode: medium)
            writeInteger(UInt64(count), byteCount: 4)
            write(payload)
        }
    }

    private func saveTuple(_ elements: [PickleValue]) throws(PickleError) {
        if elements.isEmpty {
            write(opcode: .emptyTuple)
            return
        }
        let small: [PickleOpcode] = [.tuple1, .tuple2, .tuple3]
        if elements.count <= 3 {
            for element in elements { try save(element) }
            write(opcode: small[elements.count - 1])
        } else {
            write(opcode: .mark)
            for element in elements { try save(element) }
            write(opcode: .tuple)
        }
        memoize(nil)
    }

    /// Python's `_batch_appends` / `_batch_setitems`: groups of up to 1000 items between MARK
    /// and APPENDS/SETITEMS, a lone item with APPEND/SETITEM.
    private func saveBatched(count: Int, many: PickleOpcode, one: PickleOpcode,
                             item: (Int) throws(PickleError) -> Void) throws(PickleError) {
        var start = 0
        while start < count {
            let end = min(start + Self.batchSize, count)
            if end - start > 1 {
                write(opcode: .mark)
                for index in start..<end { try item(index) }
                write(opcode: many)
            } else {
                try item(start)
                write(opcode: one)
            }
            start += Self.batchSize
        }
    }

    /// `_reconstruct(ndarray, (0,), b'b')` then BUILD `(1, shape, dtype, is_fortran, data)`.
    private func saveArray(_ array: NumpyArray) throws(PickleError) {
        try saveGlobal(.ndarrayReconstruct)
        try saveGlobal(.ndarrayClass)
        try save(.tuple([.int(0)]))
        try save(.bytes([0x62]))
        write(opcode: .tuple3)
        memoize(nil)
        write(opcode: .reduce)
        memoize(nil)
        try save(.tuple([
            .int(1), .tuple(array.shape.map { .int($0) }), .numpyDType(array.dtype),
            .bool(array.isFortranOrder), .bytes(array.data),
        ]))
        write(opcode: .build)
    }

    /// `dtype(typestring, False, True)` then BUILD with NumPy's version-3 state.
    private func saveDType(_ dtype: NumpyDType) throws(PickleError) {
        if writeReference(to: .dtype(dtype)) { return }
        try saveGlobal(.dtypeClass)
        try save(.tuple([.string(dtype.typeString), .bool(false), .bool(true)]))
        write(opcode: .reduce)
        memoize(.dtype(dtype))
        try save(.tuple([.int(3), .string(dtype.byteOrderCharacter), .none, .none, .none, .int(-1), .int(-1), .int(0)]))
        write(opcode: .build)
    }

    private func saveGlobal(_ global: PickleGlobal) throws(PickleError) {
        if writeReference(to: .global(global)) { return }
        let (module, name) = global.moduleAndName
        if protocolVersion >= 4 {
            try save(.string(module))
            try save(.string(name))
            write(opcode: .stackGlobal)
        } else {
            write(opcode: .global)
            write(Array(module.utf8) + [0x0A] + Array(name.utf8) + [0x0A])
        }
        memoize(.global(global))
    }

    // MARK: - Memo

    private func writeReference(to key: MemoKey) -> Bool {
        guard let index = memo[key] else { return false }
        if index < 256 {
            write(opcode: .binget)
            writeInteger(UInt64(index), byteCount: 1)
        } else {
            write(opcode: .longBinget)
            writeInteger(UInt64(index), byteCount: 4)
        }
        return true
    }

    /// Records the object just written under the next memo index, as Python memoizes every
    /// string, bytes, tuple, container and reduced object; `key` makes it reusable.
    private func memoize(_ key: MemoKey?) {
        let index = memoCount
        memoCount += 1
        if let key { memo[key] = index }
        if protocolVersion >= 4 {
            write(opcode: .memoize)
        } else if index < 256 {
            write(opcode: .binput)
            writeInteger(UInt64(index), byteCount: 1)
        } else {
            write(opcode: .longBinput)
            writeInteger(UInt64(index), byteCount: 4)
        }
    }

    // MARK: - Output and frames

    private func write(opcode: PickleOpcode) {
        if framing {
            frame.append(opcode.rawValue)
        } else {
            output.append(opcode.rawValue)
        }
    }

    private func write(_ data: [UInt8]) {
        if framing {
            frame.append(contentsOf: data)
        } else {
            output.append(contentsOf: data)
        }
    }

    /// The low `byteCount` bytes of `value`, little-endian.
    private func writeInteger(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount {
            let byte = UInt8(truncatingIfNeeded: value >> UInt64(8 * index))
            if framing {
                frame.append(byte)
            } else {
                output.append(byte)
            }
        }
    }

    /// A payload of a frame's size or more goes outside frames (the current frame is closed
    /// first), straight to the output, as Python's `_write_large_bytes` does.
    private func writeUnframed(opcode: PickleOpcode, count: Int, lengthBytes: Int, payload: [UInt8]) {
        if framing { commitFrame(force: true) }
        output.append(opcode.rawValue)
        for index in 0..<lengthBytes { output.append(UInt8(truncatingIfNeeded: count >> (8 * index))) }
        output.append(contentsOf: payload)
    }

    private func commitFrame(force: Bool) {
        guard framing, force || frame.count >= Self.frameSizeTarget else { return }
        if frame.count >= Self.frameSizeMinimum {
            output.append(PickleOpcode.frame.rawValue)
            for index in 0..<8 { output.append(UInt8(truncatingIfNeeded: frame.count >> (8 * index))) }
        }
        output.append(contentsOf: frame)
        frame.removeAll(keepingCapacity: true)
    }
}
