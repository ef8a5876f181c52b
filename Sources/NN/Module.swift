import Tensors

/// A network part holding parameters and sub-modules as stored properties.
///
/// Parameter names are dotted paths built from property names in declaration order, the way
/// DFL's leras names its variables: a property `conv1` holding a layer with `weight` gives
/// `conv1.weight`; an array property `downs` gives `downs_0.…`, `downs_1.…`. So a module reads
/// like DFL's architecture description and its names map 1:1 onto DFL's weight keys
/// (`down1/downs_0/conv1/weight:0` ↔ `down1.downs_0.conv1.weight`).
open class Module: @unchecked Sendable {
    public init() {}

    /// Every parameter with its dotted path, in a stable order.
    public final func namedParameters() -> [(name: String, parameter: Parameter)] {
        var result: [(String, Parameter)] = []
        collect(Mirror(reflecting: self), prefix: "", into: &result)
        return result
    }

    public final func parameters() -> [Parameter] { namedParameters().map(\.parameter) }

    /// Total number of learnable values.
    public final var parameterCount: Int { parameters().reduce(0) { $0 + $1.value.elementCount } }

    /// Moves every parameter to `device`.
    public final func move(to device: Device) throws(TensorError) {
        for parameter in parameters() where parameter.value.device != device {
            parameter.replace(with: try parameter.value.moved(to: device))
        }
    }

    /// Drops every parameter's gradient.
    public final func zeroGrad() {
        for parameter in parameters() { parameter.value.zeroGrad() }
    }

    private func collect(_ mirror: Mirror, prefix: String, into result: inout [(String, Parameter)]) {
        if let parent = mirror.superclassMirror { collect(parent, prefix: prefix, into: &result) }
        for child in mirror.children {
            guard let label = child.label else { continue }
            Module.visit(child.value, name: prefix + label, into: &result)
        }
    }

    private static func visit(_ value: Any, name: String, into result: inout [(String, Parameter)]) {
        switch value {
        case let parameter as Parameter:
            result.append((name, parameter))
        case let module as Module:
            module.collect(Mirror(reflecting: module), prefix: name + ".", into: &result)
        case let list as [Any]:
            for (index, element) in list.enumerated() { visit(element, name: "\(name)_\(index)", into: &result) }
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first {
                visit(wrapped.value, name: name, into: &result)
            }
        }
    }
}
