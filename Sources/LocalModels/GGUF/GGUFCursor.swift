#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file front to back through one fixed window, so a header of any size (and the
/// gigabytes of tensor data after it) costs the same little memory. Every length read from the
/// file is checked against the file's real size before it is trusted.
struct GGUFCursor: ~Copyable {
    private let descriptor: CInt
    let fileSize: Int64
    private(set) var offset: Int64 = 0
    private var window: [UInt8]
    private var windowStart: Int64 = 0
    private var windowCount = 0

    static let windowSize = 64 * 1024

    init(path: String) throws(GGUFError) {
        // Non-blocking so that a FIFO planted under a model's name cannot hang the open.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw GGUFError("cannot open file: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else {
            close(descriptor)
            throw GGUFError("not a regular file")
        }
        self.descriptor = descriptor
        self.fileSize = Int64(info.st_size)
        self.window = [UInt8](repeating: 0, count: Self.windowSize)
    }

    deinit {
        close(descriptor)
    }

    var remaining: Int64 { fileSize - offset }

    /// Moves past `count` bytes without reading them.
    mutating func skip(_ count: Int64) throws(GGUFError) {
        guard count >= 0, count <= remaining else { throw .truncated }
        offset += count
    }

    /// Hands `count` bytes (at most one window) to `body` and moves past them.
    mutating func withBytes<T>(_ count: Int, _ body: (UnsafeRawBufferPointer) -> T) throws(GGUFError) -> T {
        precondition(count <= Self.windowSize)
        guard Int64(count) <= remaining else { throw .truncated }
        if offset < windowStart || offset + Int64(count) > windowStart + Int64(windowCount) {
            try refill()
        }
        let start = Int(offset - windowStart)
        offset += Int64(count)
        return window.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<start + count])) }
    }

    private mutating func refill() throws(GGUFError) {
        let wanted = Int(min(Int64(Self.windowSize), remaining))
        var filled = 0
        let descriptor = descriptor
        let start = offset
        let failure: CInt? = window.withUnsafeMutableBytes { buffer in
            while filled < wanted {
                let result = pread(descriptor, buffer.baseAddress! + filled, wanted - filled, off_t(start) + off_t(filled))
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if result == 0 { break }
                filled += result
            }
            return nil
        }
        if let failure { throw GGUFError("cannot read file: \(String(cString: strerror(failure)))") }
        windowStart = start
        windowCount = filled
        guard filled == wanted else { throw .truncated }
    }

    mutating func u8() throws(GGUFError) -> UInt8 { try withBytes(1) { $0[0] } }
    mutating func u16() throws(GGUFError) -> UInt16 { try withBytes(2) { UInt16(littleEndian: $0.loadUnaligned(as: UInt16.self)) } }
    mutating func u32() throws(GGUFError) -> UInt32 { try withBytes(4) { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } }
    mutating func u64() throws(GGUFError) -> UInt64 { try withBytes(8) { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } }

    /// A length-prefixed string: kept when at most `keep` bytes long, skipped otherwise (nil).
    /// Lengths beyond `limit` are refused before any byte is read.
    mutating func string(keep: Int, limit: UInt64) throws(GGUFError) -> String? {
        let length = try u64()
        guard length <= limit else { throw .stringTooLong }
        guard length <= UInt64(remaining) else { throw .truncated }
        guard length <= UInt64(keep) else {
            try skip(Int64(length))
            return nil
        }
        return try withBytes(Int(length)) { String(decoding: $0, as: UTF8.self) }
    }
}
