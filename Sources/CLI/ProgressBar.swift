import Foundation
import HangarCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal progress line of `hangar download`, `hangar ollama pull` and `hangar jobs watch`: redrawn in place on
/// a terminal, printed at most every few seconds otherwise (logs, CI).
struct ProgressBar {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastPrinted: ContinuousClock.Instant?

    mutating func show(_ job: Job) {
        let line = Self.line(job)
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            return
        }
        let now = ContinuousClock.now
        if let last = lastPrinted, now - last < .seconds(5), job.state.isActive { return }
        lastPrinted = now
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func line(_ job: Job, width: Int = 24) -> String {
        let progress = job.progress
        var parts: [String] = []
        if let percent = progress.percent {
            let filled = max(0, min(width, Int((percent / 100 * Double(width)).rounded(.down))))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
            parts.append(String(format: "%5.1f%%", percent))
        } else {
            parts.append("[" + String(repeating: ".", count: width) + "]")
        }
        if let done = progress.bytesDone {
            parts.append(progress.bytesTotal.map { "\(bytes(done)) / \(bytes($0))" } ?? bytes(done))
        }
        if job.state == .running, let speed = progress.bytesPerSecond, speed > 0 { parts.append("\(bytes(Int64(speed)))/s") }
        if job.state == .running, let eta = progress.etaSeconds, eta.isFinite, eta >= 0 { parts.append("ETA \(duration(eta))") }
        // A pull's phase reads better in Ollama's words ("pulling 6a0746a1ec1a", "verifying sha256 digest").
        if job.kind == "pull", job.state == .running, let message = progress.message, !message.isEmpty { parts.append(message) }
        parts.append(job.state.rawValue)
        return parts.joined(separator: "  ")
    }

    static func bytes(_ value: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1000, unit < units.count - 1 {
            amount /= 1000
            unit += 1
        }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", amount, units[unit])
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
