import Foundation
import HangarCore
import Logging
import Synchronization

/// Writes one JSON object per log line: `ts`, `level`, `logger`, `msg`, then the metadata
/// (request id, route, status…). Secrets are never put in metadata, so nothing filters here.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let output: Output

    /// Where lines go. A busy server logs a line per request, and a write per line cost as much
    /// as a gateway call's own work: lines wait in memory and a thread of their own writes them
    /// together, a few milliseconds after the first of them (at once at exit).
    ///
    /// An output lives as long as the process (its thread never ends): make one per stream.
    public final class Output: Sendable {
        /// Held while a batch is taken and written, so batches land in order and `flush`
        /// returns only once every line logged before it is written.
        private let handle: Mutex<FileHandle>
        private let pending = Mutex<[UInt8]>([])
        /// Signalled when the first line of a batch arrives.
        private let arrived = NSCondition()
        private let gather: Double

        public init(_ handle: FileHandle, gather: Duration = .milliseconds(2)) {
            self.handle = Mutex(handle)
            self.gather = Double(gather.components.attoseconds) / 1e18 + Double(gather.components.seconds)
            let thread = Thread { [self] in self.run() }
            thread.name = "hangar-log"
            thread.start()
        }

        public static let standardOutput = Output(.standardOutput)
        public static let standardError = Output(.standardError)

        func write(_ line: [UInt8]) {
            let first = pending.withLock { pending in
                let first = pending.isEmpty
                pending += line
                return first
            }
            if first {
                arrived.lock()
                arrived.signal()
                arrived.unlock()
            }
        }

        /// Writes what is waiting now; the process's exit calls it.
        public func flush() {
            handle.withLock { handle in
                let lines = pending.withLock { pending in
                    let lines = pending
                    pending.removeAll(keepingCapacity: true)
                    return lines
                }
                if !lines.isEmpty { handle.write(Data(lines)) }
            }
        }

        private func run() {
            while true {
                arrived.lock()
                while pending.withLock({ $0.isEmpty }) { arrived.wait() }
                arrived.unlock()
                Thread.sleep(forTimeInterval: gather)
                flush()
            }
        }
    }

    public init(label: String, level: Logger.Level = .info, output: Output = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Written with `JSONWriter` (a line per request: `JSONSerialization` cost more than the
    /// gateway's own work); the four fixed keys first, then the metadata sorted by key.
    public func log(event: LogEvent) {
        var line = JSONWriter(capacity: 256)
        line.beginObject()
        line.key("ts")
        line.string(Timestamp.format(Date()))
        line.key("level")
        line.string(event.level.rawValue)
        line.key("logger")
        line.string(label)
        line.key("msg")
        line.string("\(event.message)")
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() where !Self.fixedKeys.contains(key) {
            line.key(key)
            Self.write(merged[key]!, to: &line)
        }
        line.endObject()
        output.write(line.bytes + [0x0A])
    }

    private static let fixedKeys: Set<String> = ["ts", "level", "logger", "msg"]

    static func write(_ value: Logger.Metadata.Value, to line: inout JSONWriter) {
        switch value {
        case .string(let string): line.string(string)
        case .stringConvertible(let convertible): line.string(convertible.description)
        case .array(let array):
            line.beginArray()
            for item in array { write(item, to: &line) }
            line.endArray()
        case .dictionary(let dictionary):
            line.beginObject()
            for key in dictionary.keys.sorted() {
                line.key(key)
                write(dictionary[key]!, to: &line)
            }
            line.endObject()
        }
    }
}

public enum Logs {
    /// Sets JSON lines as the process-wide log format. `LoggingSystem` can be bootstrapped
    /// only once per process, so repeated calls (tests) keep the first.
    public static func bootstrap(level: Logger.Level, output: JSONLogHandler.Output = .standardOutput) {
        once.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, output: output) }
            flushedAtExit.withLock { $0.append(output) }
            atexit { Logs.flushAll() }
        }
    }

    private static let once = Mutex(false)
    private static let flushedAtExit = Mutex<[JSONLogHandler.Output]>([])

    /// Writes every line still waiting (at exit, and before the process stops on purpose).
    public static func flushAll() {
        for output in flushedAtExit.withLock({ $0 }) { output.flush() }
    }
}
