/// Bounds-checked reads of a FlatBuffer (little-endian; `https://flatbuffers.dev/internals/`):
/// the root table, tables through their vtables, vectors and strings. Every offset is checked
/// against the buffer before it is followed, so a damaged file gives a `FlatBufferError`, never
/// an out-of-bounds read.
public struct FlatBuffer {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The root table: the `uoffset` at position 0 points at it.
    public func root() throws(FlatBufferError) -> FlatTable {
        try table(at: try offsetTarget(at: 0))
    }

    /// The four-byte file identifier after the root offset (`TFL3` for TFLite), if there is room.
    public var fileIdentifier: String? {
        guard bytes.count >= 8 else { return nil }
        return String(decoding: bytes[4..<8], as: UTF8.self)
    }

    /// The table at `position`, whose first field is a signed offset back to its vtable.
    public func table(at position: Int) throws(FlatBufferError) -> FlatTable {
        let vtableOffset = Int(try int32(at: position))
        let vtable = position - vtableOffset
        let vtableSize = Int(try uint16(at: vtable))
        let tableSize = Int(try uint16(at: vtable + 2))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtable + vtableSize <= bytes.count else {
            throw FlatBufferError("bad vtable of \(vtableSize) bytes at offset \(vtable) for the table at offset \(position)")
        }
        guard tableSize >= 4, position + tableSize <= bytes.count else {
            throw FlatBufferError("table at offset \(position) of \(tableSize) bytes runs past the end")
        }
        return FlatTable(buffer: self, position: position, vtable: vtable, fieldCount: (vtableSize - 4) / 2,
                         size: tableSize)
    }

    /// The position a `uoffset` stored at `position` points at.
    public func offsetTarget(at position: Int) throws(FlatBufferError) -> Int {
        let target = position + Int(try uint32(at: position))
        guard target < bytes.count else {
            throw FlatBufferError("offset at \(position) points to \(target), past the end")
        }
        return target
    }

    /// A vector whose length prefix is at `position`; its elements are `elementSize` bytes each.
    public func vector(at position: Int, elementSize: Int) throws(FlatBufferError) -> FlatVector {
        let count = Int(try uint32(at: position))
        let start = position + 4
        let (length, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, start + length <= bytes.count else {
            throw FlatBufferError("vector of \(count) elements at offset \(position) runs past the end")
        }
        return FlatVector(start: start, count: count, elementSize: elementSize)
    }

    /// The UTF-8 string whose length prefix is at `position`.
    public func string(at position: Int) throws(FlatBufferError) -> String {
        let vector = try vector(at: position, elementSize: 1)
        return String(decoding: bytes[vector.start..<vector.start + vector.count], as: UTF8.self)
    }

    /// `count` raw bytes from `position`.
    public func slice(at position: Int, count: Int) throws(FlatBufferError) -> [UInt8] {
        try checkRange(position, count)
        return Array(bytes[position..<position + count])
    }

    public func uint8(at position: Int) throws(FlatBufferError) -> UInt8 { try load(position, as: UInt8.self) }
    public func uint16(at position: Int) throws(FlatBufferError) -> UInt16 { try load(position, as: UInt16.self) }
    public func int32(at position: Int) throws(FlatBufferError) -> Int32 { try load(position, as: Int32.self) }
    public func uint32(at position: Int) throws(FlatBufferError) -> UInt32 { try load(position, as: UInt32.self) }
    public func int64(at position: Int) throws(FlatBufferError) -> Int64 { try load(position, as: Int64.self) }
    public func uint64(at position: Int) throws(FlatBufferError) -> UInt64 { try load(position, as: UInt64.self) }
    public func float32(at position: Int) throws(FlatBufferError) -> Float {
        Float(bitPattern: try load(position, as: UInt32.self))
    }

    private func load<T: FixedWidthInteger>(_ position: Int, as type: T.Type) throws(FlatBufferError) -> T {
        try checkRange(position, MemoryLayout<T>.size)
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) })
    }

    private func checkRange(_ position: Int, _ count: Int) throws(FlatBufferError) {
        guard position >= 0, count >= 0, position <= bytes.count - count else {
            throw FlatBufferError("read of \(count) bytes at offset \(position) is outside the \(bytes.count)-byte file")
        }
    }
}

/// A vector's elements: `count` elements of `elementSize` bytes from `start`.
public struct FlatVector {
    public let start: Int
    public let count: Int
    public let elementSize: Int

    /// Position of element `index`.
    public func position(_ index: Int) -> Int { start + index * elementSize }
}

/// Why a FlatBuffer could not be read: one line, with the offending byte offset.
public struct FlatBufferError: Error {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
