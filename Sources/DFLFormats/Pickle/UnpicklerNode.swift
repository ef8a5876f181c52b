/// What the unpickler's stack and memo hold: finished values, objects that can still change
/// (lists, dicts, arrays awaiting their state), or one of the accepted globals.
enum UnpicklerItem {
    /// A finished value with its nesting depth and logical size.
    case value(PickleValue, ValueMeasure)
    /// An object shared by reference until the pickle is finished.
    case node(UnpicklerNode)
    case global(PickleGlobal)

    static func leaf(_ value: PickleValue) -> UnpicklerItem { .value(value, ValueMeasure(depth: 1, size: 1)) }
}

/// The nesting depth and the number of values (counting shared ones each time) of a value.
struct ValueMeasure {
    var depth: Int
    var size: Int
}

/// An unpickled object that is referenced rather than copied: pickles mutate lists and dicts
/// after memoizing them, and BUILD completes arrays and dtypes in place.
final class UnpicklerNode {
    enum Kind {
        case list
        case dict
        /// A tuple holding at least one node.
        case tuple
        /// The result of `_reconstruct`, waiting for BUILD.
        case arrayAwaitingState
        case array
        case dtype
        /// An instance of a DFL class; `items` holds its BUILD state when given.
        case record
    }

    var kind: Kind
    /// Elements of a list or tuple, values of a dict.
    var items: [UnpicklerItem] = []
    /// Keys of a dict, in insertion order, with their positions by Python key identity.
    var keys: [PickleValue] = []
    var keyPositions: [PickleValue: Int] = [:]
    var array: NumpyArray?
    var dtype: NumpyDType?
    var dtypeIsBigEndian = false
    var recordClass: DFLRecord.RecordClass?
    var materialized: (value: PickleValue, measure: ValueMeasure)?
    var isBeingMaterialized = false

    init(kind: Kind) {
        self.kind = kind
    }

    /// Drops every reference this node holds, so that releasing a deep or cyclic graph of nodes
    /// neither recurses nor leaks.
    func release() {
        items = []
        keys = []
        keyPositions = [:]
        array = nil
        materialized = nil
    }
}
