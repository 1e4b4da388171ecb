/// Cuts a server-sent event stream into events (blocks ending with a blank line) as its bytes
/// arrive, whatever the pieces' boundaries.
struct EventSplitter {
    private var pending: [UInt8] = []
    /// Past this, an event that never ends is an upstream fault, not something to buffer.
    static let maxEventBytes = 1024 * 1024

    struct TooLong: Error {}

    /// The whole events `bytes` completes, each with its terminating blank line.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [[UInt8]] {
        let searchFrom = max(0, pending.count - 3)
        pending.append(contentsOf: bytes)
        var events: [[UInt8]] = []
        var start = 0
        var index = searchFrom
        while index < pending.count {
            if pending[index] == UInt8(ascii: "\n") {
                // "\n\n" or "\n\r\n" ends an event.
                var next = index + 1
                if next < pending.count, pending[next] == UInt8(ascii: "\r") { next += 1 }
                if next < pending.count, pending[next] == UInt8(ascii: "\n") {
                    events.append(Array(pending[start...next]))
                    start = next + 1
                    index = start
                    continue
                }
            }
            index += 1
        }
        pending.removeFirst(start)
        guard pending.count <= Self.maxEventBytes else { throw TooLong() }
        return events
    }

    /// What is left when the stream ends (an event without its blank line).
    mutating func rest() -> [UInt8] {
        defer { pending = [] }
        return pending
    }

    /// The `data:` payload of an event (its lines joined), or nil when it has none.
    static func data(of event: [UInt8]) -> ArraySlice<UInt8>? {
        var payload: ArraySlice<UInt8>?
        var lineStart = 0
        for index in event.indices where event[index] == UInt8(ascii: "\n") {
            var line = event[lineStart..<index]
            lineStart = index + 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.starts(with: Array("data:".utf8)) else { continue }
            var value = line.dropFirst(5)
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            // Several data lines form one payload; the APIs relayed here send one per event.
            payload = payload == nil ? value : payload! + [UInt8(ascii: "\n")] + value
        }
        return payload
    }
}
