import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick for port 0).
public func freeLoopbackPort() -> Int {
    let (descriptor, port) = boundLoopbackSocket()
    close(descriptor)
    return port
}

/// A TCP port on 127.0.0.1 that this process listens on until the value is released, for tests
/// of a port already in use.
public final class OccupiedLoopbackPort: @unchecked Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() {
        (descriptor, port) = boundLoopbackSocket()
        precondition(listen(descriptor, 1) == 0, "cannot listen on 127.0.0.1:\(port)")
    }

    deinit { close(descriptor) }
}

/// A socket bound to a port the kernel chose on 127.0.0.1, and that port.
private func boundLoopbackSocket() -> (descriptor: Int32, port: Int) {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    precondition(descriptor >= 0, "cannot open a socket")
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
        }
    }
    precondition(bound, "cannot bind a socket on 127.0.0.1")
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
