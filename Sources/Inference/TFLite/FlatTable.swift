/// One table of a `FlatBuffer`; fields are addressed by their slot (declaration order in the schema).
public struct FlatTable {
    public let buffer: FlatBuffer
    public let position: Int
    public let vtable: Int
    public let fieldCount: Int
    public let size: Int

    /// Absolute position of field `slot`, or nil when the field is absent (default value).
    public func field(_ slot: Int, width: Int) throws(FlatBufferError) -> Int? {
        guard slot < fieldCount else { return nil }
        let offset = Int(try buffer.uint16(at: vtable + 4 + 2 * slot))
        guard offset != 0 else { return nil }
        guard offset + width <= size else {
            throw FlatBufferError("field \(slot) of the table at offset \(position) lies outside the table")
        }
        return position + offset
    }

    public func int8(_ slot: Int, default value: Int8 = 0) throws(FlatBufferError) -> Int8 {
        guard let at = try field(slot, width: 1) else { return value }
        return Int8(bitPattern: try buffer.uint8(at: at))
    }

    public func uint8(_ slot: Int, default value: UInt8 = 0) throws(FlatBufferError) -> UInt8 {
        guard let at = try field(slot, width: 1) else { return value }
        return try buffer.uint8(at: at)
    }

    public func bool(_ slot: Int, default value: Bool = false) throws(FlatBufferError) -> Bool {
        guard let at = try field(slot, width: 1) else { return value }
        return try buffer.uint8(at: at) != 0
    }

    public func int32(_ slot: Int, default value: Int32 = 0) throws(FlatBufferError) -> Int32 {
        guard let at = try field(slot, width: 4) else { return value }
        return try buffer.int32(at: at)
    }

    public func uint32(_ slot: Int, default value: UInt32 = 0) throws(FlatBufferError) -> UInt32 {
        guard let at = try field(slot, width: 4) else { return value }
        return try buffer.uint32(at: at)
    }

    public func uint64(_ slot: Int, default value: UInt64 = 0) throws(FlatBufferError) -> UInt64 {
        guard let at = try field(slot, width: 8) else { return value }
        return try buffer.uint64(at: at)
    }

    /// The sub-table in field `slot`, if present.
    public func table(_ slot: Int) throws(FlatBufferError) -> FlatTable? {
        guard let at = try field(slot, width: 4) else { return nil }
        return try buffer.table(at: try buffer.offsetTarget(at: at))
    }

    /// The string in field `slot`, if present.
    public func string(_ slot: Int) throws(FlatBufferError) -> String? {
        guard let at = try field(slot, width: 4) else { return nil }
        return try buffer.string(at: try buffer.offsetTarget(at: at))
    }

    /// The vector in field `slot`, if present.
    public func vector(_ slot: Int, elementSize: Int) throws(FlatBufferError) -> FlatVector? {
        guard let at = try field(slot, width: 4) else { return nil }
        return try buffer.vector(at: try buffer.offsetTarget(at: at), elementSize: elementSize)
    }

    /// The tables of a vector of tables in field `slot` (empty when absent).
    public func tables(_ slot: Int) throws(FlatBufferError) -> [FlatTable] {
        guard let vector = try vector(slot, elementSize: 4) else { return [] }
        var tables: [FlatTable] = []
        tables.reserveCapacity(vector.count)
        for index in 0..<vector.count {
            tables.append(try buffer.table(at: try buffer.offsetTarget(at: vector.position(index))))
        }
        return tables
    }

    /// The elements of an `[int]` vector in field `slot` (empty when absent).
    public func int32s(_ slot: Int) throws(FlatBufferError) -> [Int32] {
        guard let vector = try vector(slot, elementSize: 4) else { return [] }
        var values: [Int32] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(try buffer.int32(at: vector.position(index))) }
        return values
    }

    /// The elements of a `[long]` vector in field `slot` (empty when absent).
    public func int64s(_ slot: Int) throws(FlatBufferError) -> [Int64] {
        guard let vector = try vector(slot, elementSize: 8) else { return [] }
        var values: [Int64] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(try buffer.int64(at: vector.position(index))) }
        return values
    }

    /// The elements of a `[float]` vector in field `slot` (empty when absent).
    public func float32s(_ slot: Int) throws(FlatBufferError) -> [Float] {
        guard let vector = try vector(slot, elementSize: 4) else { return [] }
        var values: [Float] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(try buffer.float32(at: vector.position(index))) }
        return values
    }

    /// The bytes of a `[ubyte]` vector in field `slot` (empty when absent).
    public func bytes(_ slot: Int) throws(FlatBufferError) -> [UInt8] {
        guard let vector = try vector(slot, elementSize: 1) else { return [] }
        return try buffer.slice(at: vector.start, count: vector.count)
    }
}
