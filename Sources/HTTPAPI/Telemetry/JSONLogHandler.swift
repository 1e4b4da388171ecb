import Foundation
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

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": Self.timestamp(),
            "level": event.level.rawValue,
            "logger": label,
            "msg": "\(event.message)",
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged where object[key] == nil {
            object[key] = Self.json(value)
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        data.append(0x0A)
        output.write(data)
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let array): return array.map(json)
        case .dictionary(let dictionary): return dictionary.mapValues(json)
        }
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var time = now.tv_sec
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), now.tv_nsec / 1_000_000)
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
