import Foundation

/// A loopback port where nothing listens, reserved for the duration of `body`: the socket is
/// bound but never listens, so connecting is refused and no other test can take the port
/// (a port freed by closing a server may be reused by a parallel test at once).
public func withClosedPort<T>(_ body: (Int) async throws -> T) async throws -> T {
    let (descriptor, port) = try boundLoopbackSocket()
    defer { close(descriptor) }
    return try await body(port)
}

/// A socket bound (not listening) to a loopback port, and that port: `port`, or one the kernel
/// picks when it is 0.
func boundLoopbackSocket(port: Int = 0) throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ClosedPortError(description: "socket: \(String(cString: strerror(errno)))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else {
        close(descriptor)
        throw ClosedPortError(description: "bind: \(String(cString: strerror(errno)))")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

public struct ClosedPortError: Error, CustomStringConvertible {
    public let description: String
}

/// `http://127.0.0.1:<port>` where nothing listens (see `withClosedPort`): an upstream that is down.
@discardableResult
public func withUnreachableBaseURL<T>(_ body: (String) async throws -> T) async throws -> T {
    try await withClosedPort { port in try await body("http://127.0.0.1:\(port)") }
}
