/// The pickle virtual machine behind `PickleReader`: interprets opcodes over a stack and a memo,
/// builds only data, and turns the result into a `PickleValue`.
struct Unpickler {
    private let bytes: [UInt8]
    private let sourceName: String
    private let maximumDepth: Int
    private var valueBudget: Int
    private var position = 0
    private var opcodeOffset = 0
    private var stack: [UnpicklerItem] = []
    private var markPositions: [Int] = []
    /// The memo: dense for the sequential indices pickles use, sparse beyond.
    private var memo: [UnpicklerItem] = []
    private var sparseMemo: [Int: UnpicklerItem] = [:]
    private var nodes: [UnpicklerNode] = []

    /// The longest text argument accepted, except protocol 0 strings, which the input bounds.
    private static let maximumLineLength = 4096

    init(bytes: [UInt8], sourceName: String, maximumDepth: Int, valueBudget: Int) {
        self.bytes = bytes
        self.sourceName = sourceName
        self.maximumDepth = maximumDepth
        self.valueBudget = valueBudget
    }

    mutating func run() throws(PickleError) -> PickleValue {
        defer {
            for node in nodes { node.release() }
        }
        while true {
            opcodeOffset = position
            let code = try readByte()
            guard let opcode = PickleOpcode(rawValue: code) else {
                throw failure("unknown opcode 0x\(String(code, radix: 16))")
            }
            if opcode == .stop {
                let result = try pop()
                return try materialize(result, depth: 1, asKey: false).value
            }
            try execute(opcode)
        }
    }

    // MARK: - Opcodes

    private mutating func execute(_ opcode: PickleOpcode) throws(PickleError) {
        switch opcode {
        case .proto:
            let version = try readByte()
            guard version <= 5 else { throw failure("unsupported pickle protocol \(version)") }
        case .frame:
            let length = try readUInt64()
            guard length <= UInt64(bytes.count - position) else {
                throw failure("frame of \(length) bytes exceeds the \(bytes.count - position) bytes left")
            }
        case .stop:
            break
        case .mark:
            markPositions.append(stack.count)
        case .pop:
            if stack.count > (markPositions.last ?? 0) {
                stack.removeLast()
            } else {
                _ = try popToMark()
            }
        case .popMark:
            _ = try popToMark()
        case .dup:
            try push(top())

        case .none: try push(.leaf(.none))
        case .newtrue: try push(.leaf(.bool(true)))
        case .newfalse: try push(.leaf(.bool(false)))
        case .binint1: try push(.leaf(.int(Int(try readByte()))))
        case .binint2: try push(.leaf(.int(Int(try readUInt16()))))
        case .binint: try push(.leaf(.int(Int(Int32(bitPattern: try readUInt32())))))
        case .long1:
            let length = Int(try readByte())
            try push(.leaf(integer(fromTwosComplement: try readBytes(length))))
        case .long4:
            let length = Int(Int32(bitPattern: try readUInt32()))
            guard length >= 0 else { throw failure("negative LONG4 length") }
            try push(.leaf(integer(fromTwosComplement: try readBytes(length))))
        case .int:
            let text = try readLineText()
            switch text {
            case "00": try push(.leaf(.bool(false)))
            case "01": try push(.leaf(.bool(true)))
            default:
                guard let value = Int(text) else { throw failure("INT opcode holds an unsupported number") }
                try push(.leaf(.int(value)))
            }
        case .long:
            var text = try readLineText()
            if text.hasSuffix("L") { text.removeLast() }
            guard let value = PickleBigInteger(decimal: text) else { throw failure("LONG opcode holds no number") }
            try push(.leaf(value.exactInt.map { .int($0) } ?? .bigInt(value)))
        case .binfloat:
            try push(.leaf(.float(Double(bitPattern: try readUInt64BigEndian()))))
        case .float:
            guard let value = Double(try readLineText()) else { throw failure("FLOAT opcode holds no number") }
            try push(.leaf(.float(value)))

        case .shortBinunicode: try push(.leaf(.string(try readUTF8(length: Int(try readByte())))))
        case .binunicode: try push(.leaf(.string(try readUTF8(length: Int(try readUInt32())))))
        case .binunicode8: try push(.leaf(.string(try readUTF8(length: try readLength64()))))
        case .unicode: try push(.leaf(.string(try readRawUnicodeEscapeLine())))
        case .shortBinstring: try push(.leaf(.string(try readASCII(length: Int(try readByte())))))
        case .binstring:
            let length = Int(Int32(bitPattern: try readUInt32()))
            guard length >= 0 else { throw failure("negative BINSTRING length") }
            try push(.leaf(.string(try readASCII(length: length))))
        case .shortBinbytes: try push(.leaf(.bytes(try readBytes(Int(try readByte())))))
        case .binbytes: try push(.leaf(.bytes(try readBytes(Int(try readUInt32())))))
        case .binbytes8, .bytearray8: try push(.leaf(.bytes(try readBytes(try readLength64()))))
        case .readonlyBuffer:
            guard case .value(.bytes, _) = try top() else { throw failure("READONLY_BUFFER needs bytes on the stack") }

        case .emptyTuple: try push(.value(.tuple([]), ValueMeasure(depth: 1, size: 1)))
        case .tuple1: try push(try makeTuple(try popItems(1)))
        case .tuple2: try push(try makeTuple(try popItems(2)))
        case .tuple3: try push(try makeTuple(try popItems(3)))
        case .tuple: try push(try makeTuple(try popToMark()))
        case .emptyList: try push(.node(newNode(.list)))
        case .list:
            let node = newNode(.list)
            node.items = try popToMark()
            try push(.node(node))
        case .append:
            let item = try pop()
            try listNode().items.append(item)
        case .appends:
            let items = try popToMark()
            try listNode().items.append(contentsOf: items)
        case .emptyDict: try push(.node(newNode(.dict)))
        case .dict:
            let items = try popToMark()
            let node = newNode(.dict)
            try setItems(items, in: node)
            try push(.node(node))
        case .setitem:
            let items = try popItems(2)
            try setItems(items, in: try dictNode())
        case .setitems:
            let items = try popToMark()
            try setItems(items, in: try dictNode())

        case .put:
            guard let index = Int(try readLineText()) else { throw failure("PUT needs a memo index") }
            try memoize(at: index)
        case .binput: try memoize(at: Int(try readByte()))
        case .longBinput: try memoize(at: Int(try readUInt32()))
        case .memoize: try memoize(at: memo.count + sparseMemo.count)
        case .get:
            guard let index = Int(try readLineText()) else { throw failure("GET needs a memo index") }
            try push(try memoItem(index))
        case .binget: try push(try memoItem(Int(try readByte())))
        case .longBinget: try push(try memoItem(Int(try readUInt32())))

        case .global:
            let module = try readLineText()
            let name = try readLineText()
            try push(.global(try resolveGlobal(module: module, name: name)))
        case .stackGlobal:
            let items = try popItems(2)
            guard case .value(.string(let module), _) = items[0], case .value(.string(let name), _) = items[1] else {
                throw failure("STACK_GLOBAL needs two strings")
            }
            try push(.global(try resolveGlobal(module: module, name: name)))
        case .reduce:
            let items = try popItems(2)
            guard case .global(let callable) = items[0] else {
                throw failure("REDUCE applies something other than an accepted class or function")
            }
            try push(try reduce(callable, arguments: try tupleElements(items[1], purpose: "REDUCE arguments")))
        case .build:
            let state = try pop()
            try build(try top(), state: state)

        case .string:
            throw failure("protocol 0 STRING opcode is not supported")
        case .emptySet, .additems, .frozenset:
            throw failure("sets are not supported")
        case .newobj:
            let items = try popItems(2)
            guard case .global(.dflRecord(let recordClass)) = items[0],
                  try tupleElements(items[1], purpose: "NEWOBJ arguments").isEmpty else {
                throw failure("creating class instances is only allowed for DFL's merger session classes, without arguments")
            }
            let node = newNode(.record)
            node.recordClass = recordClass
            try push(.node(node))
        case .newobjEx, .inst, .obj:
            throw failure("creating class instances (\(opcode)) is not allowed")
        case .persid, .binpersid:
            throw failure("persistent ids are not allowed")
        case .ext1, .ext2, .ext4:
            throw failure("copyreg extension codes are not allowed")
        case .nextBuffer:
            throw failure("out-of-band buffers are not supported")
        }
    }

    // MARK: - Objects

    private mutating func newNode(_ kind: UnpicklerNode.Kind) -> UnpicklerNode {
        let node = UnpicklerNode(kind: kind)
        nodes.append(node)
        return node
    }

    private mutating func makeTuple(_ items: [UnpicklerItem]) throws(PickleError) -> UnpicklerItem {
        var values: [PickleValue] = []
        var measure = ValueMeasure(depth: 1, size: 1)
        for item in items {
            guard case .value(let value, let itemMeasure) = item else {
                let node = newNode(.tuple)
                node.items = items
                return .node(node)
            }
            values.append(value)
            measure.depth = max(measure.depth, itemMeasure.depth + 1)
            measure.size += itemMeasure.size
            guard measure.depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
            guard measure.size <= valueBudget else { throw failure("the pickle expands to more than \(valueBudget) values") }
        }
        return .value(.tuple(values), measure)
    }

    private func listNode() throws(PickleError) -> UnpicklerNode {
        guard case .node(let node) = try top(), node.kind == .list else { throw failure("APPEND needs a list") }
        return node
    }

    private func dictNode() throws(PickleError) -> UnpicklerNode {
        guard case .node(let node) = try top(), node.kind == .dict else { throw failure("SETITEM needs a dict") }
        return node
    }

    private mutating func setItems(_ items: [UnpicklerItem], in node: UnpicklerNode) throws(PickleError) {
        guard items.count % 2 == 0 else { throw failure("odd number of items for a dict") }
        for pairIndex in stride(from: 0, to: items.count, by: 2) {
            let key = try materialize(items[pairIndex], depth: 1, asKey: true).value
            let identity = key.pythonKeyIdentity
            if let position = node.keyPositions[identity] {
                node.items[position] = items[pairIndex + 1]
            } else {
                node.keyPositions[identity] = node.keys.count
                node.keys.append(key)
                node.items.append(items[pairIndex + 1])
            }
        }
    }

    private func resolveGlobal(module: String, name: String) throws(PickleError) -> PickleGlobal {
        guard let global = PickleGlobal(module: module, name: name) else {
            throw failure("refused global \(module).\(name) (only NumPy data and DFL enums are allowed)")
        }
        return global
    }

    private mutating func reduce(_ callable: PickleGlobal, arguments: [UnpicklerItem]) throws(PickleError) -> UnpicklerItem {
        switch callable {
        case .ndarrayReconstruct:
            guard arguments.count == 3, case .global(.ndarrayClass) = arguments[0] else {
                throw failure("_reconstruct is only accepted for numpy.ndarray")
            }
            return .node(newNode(.arrayAwaitingState))
        case .dtypeClass:
            guard let first = arguments.first, case .value(.string(let text), _) = first,
                  let parsed = NumpyDType.parse(text) else {
                throw failure("unsupported numpy dtype")
            }
            let node = newNode(.dtype)
            node.dtype = parsed.dtype
            node.dtypeIsBigEndian = parsed.bigEndian ?? false
            return .node(node)
        case .numpyScalar:
            guard arguments.count == 2 else { throw failure("numpy scalar needs a dtype and bytes") }
            let (dtype, bigEndian) = try dtypeOf(arguments[0])
            let data = try bytesOf(arguments[1], purpose: "numpy scalar data")
            do throws(NumpyArrayError) {
                let scalar = try NumpyScalar(dtype: dtype, data: bigEndian ? Self.swapped(data, itemSize: dtype.itemSize) : data)
                return .leaf(.numpyScalar(scalar))
            } catch {
                throw failure(error.message)
            }
        case .ndarrayFromBuffer:
            guard arguments.count == 4 else { throw failure("_frombuffer needs buffer, dtype, shape and order") }
            let data = try bytesOf(arguments[0], purpose: "array buffer")
            let (dtype, bigEndian) = try dtypeOf(arguments[1])
            let shape = try shapeOf(arguments[2])
            guard case .value(.string(let order), _) = arguments[3], order == "C" || order == "F" else {
                throw failure("unsupported array order")
            }
            let node = newNode(.array)
            node.array = try makeArray(dtype: dtype, bigEndian: bigEndian, shape: shape, fortran: order == "F", data: data)
            return .node(node)
        case .latin1Encode:
            guard arguments.count == 2, case .value(.string(let text), _) = arguments[0],
                  case .value(.string(let encoding), _) = arguments[1],
                  encoding == "latin1" || encoding == "latin-1" else {
                throw failure("_codecs.encode is only accepted as (str, 'latin1')")
            }
            var result: [UInt8] = []
            for scalar in text.unicodeScalars {
                guard scalar.value <= 0xFF else { throw failure("latin-1 text holds a character above U+00FF") }
                result.append(UInt8(scalar.value))
            }
            return .leaf(.bytes(result))
        case .bytesClass:
            guard arguments.isEmpty else { throw failure("bytes() is only accepted without arguments") }
            return .leaf(.bytes([]))
        case .dflEnum(let enumClass):
            guard arguments.count == 1, case .value(let value, _) = arguments[0], case .int(let number) = value,
                  let member = DFLEnumMember(enumClass, value: number) else {
                throw failure("\(enumClass.className) needs one of its defined integer values")
            }
            return .leaf(.dflEnum(member))
        case .ndarrayClass:
            throw failure("numpy.ndarray cannot be called directly")
        case .dflRecord(let recordClass):
            throw failure("\(recordClass.moduleAndName.name) cannot be called directly")
        case .path:
            var parts: [String] = []
            for argument in arguments {
                guard case .value(.string(let part), _) = argument else { throw failure("a pathlib path needs text parts") }
                parts.append(part)
            }
            var text = ""
            for part in parts {
                if text.isEmpty || text.hasSuffix("/") || text.hasSuffix("\\") { text += part } else { text += "/" + part }
            }
            return .leaf(.string(text))
        }
    }

    private mutating func build(_ target: UnpicklerItem, state: UnpicklerItem) throws(PickleError) {
        guard case .node(let node) = target else { throw failure("BUILD applies to an unsupported object") }
        if node.kind == .record {
            guard node.items.isEmpty else { throw failure("BUILD applied twice to a \(node.recordClass!.moduleAndName.name)") }
            guard case .node(let stateNode) = state, stateNode.kind == .dict else {
                throw failure("a \(node.recordClass!.moduleAndName.name) is only accepted with a dict of attributes")
            }
            node.items = [state]
            return
        }
        let fields = try tupleElements(state, purpose: "BUILD state")
        switch node.kind {
        case .arrayAwaitingState:
            guard fields.count == 5 || fields.count == 4 else { throw failure("array state has \(fields.count) fields") }
            let offset = fields.count - 4
            if offset == 1 {
                guard case .value(.int(1), _) = fields[0] else { throw failure("unsupported array state version") }
            }
            let shape = try shapeOf(fields[offset])
            let (dtype, bigEndian) = try dtypeOf(fields[offset + 1])
            guard case .value(let fortranValue, _) = fields[offset + 2], let fortranFlag = fortranValue.intValue else {
                throw failure("array state lacks the Fortran flag")
            }
            let data = try bytesOf(fields[offset + 3], purpose: "array data")
            node.array = try makeArray(dtype: dtype, bigEndian: bigEndian, shape: shape, fortran: fortranFlag != 0, data: data)
            node.kind = .array
        case .dtype:
            guard fields.count >= 8, case .value(.string(let order), _) = fields[1] else {
                throw failure("unsupported dtype state")
            }
            for index in 2...4 {
                guard case .value(.none, _) = fields[index] else {
                    throw failure("structured and sub-array dtypes are not supported")
                }
            }
            switch order {
            case "<", "|", "=": node.dtypeIsBigEndian = false
            case ">": node.dtypeIsBigEndian = true
            default: throw failure("unknown byte order in dtype state")
            }
        case .list, .dict, .tuple, .array, .record:
            throw failure("BUILD applies to an unsupported object")
        }
    }

    private func makeArray(dtype: NumpyDType, bigEndian: Bool, shape: [Int], fortran: Bool, data: [UInt8]) throws(PickleError) -> NumpyArray {
        let littleEndian = bigEndian ? Self.swapped(data, itemSize: dtype.itemSize) : data
        do throws(NumpyArrayError) {
            return try NumpyArray(dtype: dtype, shape: shape, isFortranOrder: fortran, data: littleEndian)
        } catch {
            throw failure(error.message)
        }
    }

    private static func swapped(_ data: [UInt8], itemSize: Int) -> [UInt8] {
        guard itemSize > 1, data.count % itemSize == 0 else { return data }
        var result = data
        for start in stride(from: 0, to: data.count, by: itemSize) {
            for index in 0..<itemSize { result[start + index] = data[start + itemSize - 1 - index] }
        }
        return result
    }

    private func dtypeOf(_ item: UnpicklerItem) throws(PickleError) -> (NumpyDType, Bool) {
        switch item {
        case .node(let node) where node.kind == .dtype:
            if let dtype = node.dtype { return (dtype, node.dtypeIsBigEndian) }
        case .value(.numpyDType(let dtype), _):
            return (dtype, false)
        default:
            break
        }
        throw failure("expected a numpy dtype")
    }

    private func bytesOf(_ item: UnpicklerItem, purpose: String) throws(PickleError) -> [UInt8] {
        guard case .value(.bytes(let data), _) = item else { throw failure("\(purpose) must be bytes") }
        return data
    }

    private func shapeOf(_ item: UnpicklerItem) throws(PickleError) -> [Int] {
        guard case .value(.tuple(let dimensions), _) = item else { throw failure("array shape must be a tuple") }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .int(let size) = dimension, size >= 0 else { throw failure("array shape must hold sizes") }
            shape.append(size)
        }
        return shape
    }

    private func tupleElements(_ item: UnpicklerItem, purpose: String) throws(PickleError) -> [UnpicklerItem] {
        switch item {
        case .value(.tuple(let values), _):
            return values.map { UnpicklerItem.value($0, ValueMeasure(depth: 1, size: 1)) }
        case .node(let node) where node.kind == .tuple:
            return node.items
        default:
            throw failure("\(purpose) must be a tuple")
        }
    }

    private func integer(fromTwosComplement data: [UInt8]) -> PickleValue {
        if data.isEmpty { return .int(0) }
        let value = PickleBigInteger(twosComplementBytes: data)
        if let exact = value.exactInt { return .int(exact) }
        return .bigInt(value)
    }

    // MARK: - Materialization

    /// The finished value of `item`. Keys must be hashable in Python's sense and are not cached,
    /// because the objects they refer to may still change.
    private mutating func materialize(_ item: UnpicklerItem, depth: Int, asKey: Bool) throws(PickleError) -> (value: PickleValue, measure: ValueMeasure) {
        switch item {
        case .value(let value, let measure):
            guard depth + measure.depth - 1 <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
            guard !asKey || value.isPythonHashable else { throw failure("unhashable dict key") }
            try charge(measure.size)
            return (value, measure)
        case .global:
            throw failure("a class or function is not data")
        case .node(let node):
            if let cached = node.materialized {
                guard depth + cached.measure.depth - 1 <= maximumDepth else {
                    throw failure("nesting deeper than \(maximumDepth) levels")
                }
                try charge(cached.measure.size)
                return cached
            }
            guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth) levels") }
            guard !node.isBeingMaterialized else { throw failure("recursive structures are not supported") }
            node.isBeingMaterialized = true
            defer { node.isBeingMaterialized = false }
            try charge(1)
            var measure = ValueMeasure(depth: 1, size: 1)
            func child(_ item: UnpicklerItem) throws(PickleError) -> PickleValue {
                let result = try materialize(item, depth: depth + 1, asKey: asKey)
                measure.depth = max(measure.depth, result.measure.depth + 1)
                measure.size += result.measure.size
                return result.value
            }
            let value: PickleValue
            switch node.kind {
            case .list, .dict, .array, .arrayAwaitingState:
                guard !asKey else { throw failure("unhashable dict key") }
                switch node.kind {
                case .list:
                    var elements: [PickleValue] = []
                    elements.reserveCapacity(node.items.count)
                    for element in node.items { elements.append(try child(element)) }
                    value = .list(elements)
                case .dict:
                    var dictionary = PickleDictionary()
                    for (key, item) in zip(node.keys, node.items) {
                        measure.size += 1
                        dictionary[key] = try child(item)
                    }
                    value = .dict(dictionary)
                case .array:
                    guard let array = node.array else { throw failure("array state is missing") }
                    value = .ndarray(array)
                default:
                    throw failure("array was never given its state (BUILD missing)")
                }
            case .tuple:
                var elements: [PickleValue] = []
                for element in node.items { elements.append(try child(element)) }
                value = .tuple(elements)
            case .dtype:
                guard let dtype = node.dtype else { throw failure("dtype is missing") }
                value = .numpyDType(dtype)
            case .record:
                guard !asKey else { throw failure("unhashable dict key") }
                var fields = PickleDictionary()
                if let state = node.items.first, case .dict(let attributes) = try child(state) { fields = attributes }
                value = .record(DFLRecord(recordClass: node.recordClass!, fields: fields))
            }
            if !asKey { node.materialized = (value, measure) }
            return (value, measure)
        }
    }

    private mutating func charge(_ size: Int) throws(PickleError) {
        valueBudget -= size
        guard valueBudget >= 0 else { throw failure("the pickle expands to too many values (shared references)") }
    }

    // MARK: - Stack and memo

    private mutating func push(_ item: UnpicklerItem) throws(PickleError) {
        stack.append(item)
    }

    private func top() throws(PickleError) -> UnpicklerItem {
        guard stack.count > (markPositions.last ?? 0), let item = stack.last else { throw failure("stack underflow") }
        return item
    }

    private mutating func pop() throws(PickleError) -> UnpicklerItem {
        guard stack.count > (markPositions.last ?? 0), let item = stack.popLast() else { throw failure("stack underflow") }
        return item
    }

    private mutating func popItems(_ count: Int) throws(PickleError) -> [UnpicklerItem] {
        guard stack.count - count >= (markPositions.last ?? 0) else { throw failure("stack underflow") }
        let items = Array(stack[(stack.count - count)...])
        stack.removeLast(count)
        return items
    }

    private mutating func popToMark() throws(PickleError) -> [UnpicklerItem] {
        guard let mark = markPositions.popLast() else { throw failure("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeLast(stack.count - mark)
        return items
    }

    private mutating func memoize(at index: Int) throws(PickleError) {
        let item = try top()
        if index < memo.count {
            memo[index] = item
        } else if index == memo.count, sparseMemo.isEmpty {
            memo.append(item)
        } else {
            sparseMemo[index] = item
        }
    }

    private func memoItem(_ index: Int) throws(PickleError) -> UnpicklerItem {
        if index >= 0, index < memo.count { return memo[index] }
        guard let item = sparseMemo[index] else { throw failure("memo entry \(index) is missing") }
        return item
    }

    // MARK: - Input

    private func failure(_ reason: String) -> PickleError {
        PickleError(source: sourceName, offset: opcodeOffset, reason: reason)
    }

    private mutating func readByte() throws(PickleError) -> UInt8 {
        guard position < bytes.count else { throw failure("the data ends early (truncated pickle)") }
        position += 1
        return bytes[position - 1]
    }

    private mutating func readBytes(_ count: Int) throws(PickleError) -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else {
            throw failure("length \(count) exceeds the \(bytes.count - position) bytes left")
        }
        position += count
        return Array(bytes[(position - count)..<position])
    }

    private mutating func readLittleEndian(_ size: Int) throws(PickleError) -> UInt64 {
        guard size <= bytes.count - position else { throw failure("the data ends early (truncated pickle)") }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[position + index]) << (8 * index) }
        position += size
        return value
    }

    private mutating func readUInt16() throws(PickleError) -> UInt16 { UInt16(try readLittleEndian(2)) }
    private mutating func readUInt32() throws(PickleError) -> UInt32 { UInt32(try readLittleEndian(4)) }
    private mutating func readUInt64() throws(PickleError) -> UInt64 { try readLittleEndian(8) }

    private mutating func readUInt64BigEndian() throws(PickleError) -> UInt64 {
        try readLittleEndian(8).byteSwapped
    }

    private mutating func readLength64() throws(PickleError) -> Int {
        let length = try readUInt64()
        guard length <= UInt64(bytes.count - position) else {
            throw failure("length \(length) exceeds the \(bytes.count - position) bytes left")
        }
        return Int(length)
    }

    private mutating func readUTF8(length: Int) throws(PickleError) -> String {
        let data = try readBytes(length)
        guard let text = String(validating: data, as: UTF8.self) else { throw failure("string is not valid UTF-8") }
        return text
    }

    private mutating func readASCII(length: Int) throws(PickleError) -> String {
        let data = try readBytes(length)
        guard data.allSatisfy({ $0 < 0x80 }) else { throw failure("Python 2 string is not ASCII") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The bytes up to the next newline, which must come within `maximumLength` bytes.
    private mutating func readLine(maximumLength: Int = Unpickler.maximumLineLength) throws(PickleError) -> ArraySlice<UInt8> {
        let limit = position + min(bytes.count - position, maximumLength)
        guard let end = bytes[position..<limit].firstIndex(of: 0x0A) else {
            throw failure("text argument has no line end")
        }
        let line = bytes[position..<end]
        position = end + 1
        return line
    }

    private mutating func readLineText() throws(PickleError) -> String {
        guard let text = String(validating: try readLine(), as: UTF8.self) else { throw failure("text argument is not UTF-8") }
        return text
    }

    /// A protocol 0 UNICODE argument: latin-1 bytes with `\uXXXX` and `\UXXXXXXXX` escapes.
    private mutating func readRawUnicodeEscapeLine() throws(PickleError) -> String {
        let line = Array(try readLine(maximumLength: Int.max))
        var result = String.UnicodeScalarView()
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == 0x5C, index + 1 < line.count, line[index + 1] == 0x75 || line[index + 1] == 0x55 {
                let digits = line[index + 1] == 0x75 ? 4 : 8
                guard index + 2 + digits <= line.count,
                      let code = UInt32(String(decoding: line[(index + 2)..<(index + 2 + digits)], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code) else {
                    throw failure("bad escape in UNICODE argument")
                }
                result.append(scalar)
                index += 2 + digits
            } else {
                result.append(Unicode.Scalar(byte))
                index += 1
            }
        }
        return String(result)
    }
}
