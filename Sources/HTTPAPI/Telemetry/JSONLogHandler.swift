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

    public final class Output: Sendable {
        private let handle: Mutex<FileHandle>
        public init(_ handle: FileHandle) { self.handle = Mutex(handle) }
        public static let standardOutput = Output(.standardOutput)
        public static let standardError = Output(.standardError)
        func write(_ data: Data) { handle.withLock { $0.write(data) } }
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
        output.write(Data(line.bytes + [0x0A]))
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
        }
    }

    private static let once = Mutex(false)
}
