import Logging
import Synchronization

/// Every line written through its loggers, as text with its metadata and error: for checks of
/// what a log says, and of what it must never say (keys, tokens).
public final class LogCapture: Sendable {
    private let captured = Mutex<[String]>([])
    private let waiters = Mutex<[(String, CheckedContinuation<String, Never>)]>([])

    public init() {}

    public var lines: [String] { captured.withLock { $0 } }

    /// The first line containing `text`, once it has been written.
    public func line(containing text: String) async -> String {
        await withCheckedContinuation { continuation in
            let found = captured.withLock { lines in lines.first { $0.contains(text) } }
            if let found {
                continuation.resume(returning: found)
            } else {
                waiters.withLock { $0.append((text, continuation)) }
                // A line written between the two locks would otherwise be missed.
                if let late = captured.withLock({ lines in lines.first { $0.contains(text) } }) { resolve(with: late) }
            }
        }
    }

    private func append(_ line: String) {
        captured.withLock { $0.append(line) }
        resolve(with: line)
    }

    private func resolve(with line: String) {
        let ready = waiters.withLock { waiters in
            let matching = waiters.filter { line.contains($0.0) }
            waiters.removeAll { line.contains($0.0) }
            return matching.map(\.1)
        }
        for continuation in ready { continuation.resume(returning: line) }
    }

    /// A logger at `trace` that writes here.
    public func logger(label: String = "hangar-test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// A handler for one logger. Handlers are values (loggers on many threads set their own
    /// metadata); only the captured lines are shared.
    public struct Handler: LogHandler {
        let capture: LogCapture
        public var metadata: Logger.Metadata = [:]
        public var logLevel: Logger.Level = .trace

        public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        public func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = merged.map { "\($0)=\($1)" }.sorted().joined(separator: " ")
            let line = "\(event.level) \(event.message) \(fields)\(event.error.map { " \($0)" } ?? "")"
            capture.append(line)
        }
    }
}
