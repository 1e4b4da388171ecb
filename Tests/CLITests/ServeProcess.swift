import AsyncHTTPClient
import Foundation
import HangarTesting
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real `hangar serve` process, for what only a process can show: `kill -9`, and several
/// replicas sharing one PostgreSQL database.
final class ServeProcess: Sendable {
    let url: String
    let dataDirectory: String
    private let process: Process
    private let output: String
    private let exited: ExitSignal

    private init(url: String, dataDirectory: String, process: Process, output: String, exited: ExitSignal) {
        self.url = url
        self.dataDirectory = dataDirectory
        self.process = process
        self.output = output
        self.exited = exited
    }

    /// Starts the server on a free port and returns once it prints its URL.
    /// `openFiles` caps the file descriptors the server may hold (`ulimit -n`).
    static func start(
        dataDirectory: String, databaseURL: String? = nil, hubEndpoint: String, extra: [String: String] = [:],
        openFiles: Int? = nil
    ) async throws -> ServeProcess {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HANGAR_") && $0.key != "DATABASE_URL" }
        environment["HANGAR_ADMIN_TOKEN"] = CLIFixture.token
        environment["HANGAR_DATA_DIR"] = dataDirectory
        environment["HANGAR_PORT"] = "0"
        environment["HANGAR_LOG_LEVEL"] = "warning"
        environment["HANGAR_HF_ENDPOINT"] = hubEndpoint
        if let databaseURL { environment["DATABASE_URL"] = databaseURL }
        environment.merge(extra) { _, new in new }
        let logPath = dataDirectory + "/serve-\(UUID().uuidString.prefix(6)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        if let openFiles {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFiles) && exec \"$0\" serve", CLIFixture.binary.path]
        } else {
            process.executableURL = CLIFixture.binary
            process.arguments = ["serve"]
        }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: dataDirectory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardInput = FileHandle.nullDevice
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let buffer = Mutex("")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
                return
            }
            let text = buffer.withLock { buffer in
                buffer += String(decoding: data, as: UTF8.self)
                return buffer
            }
            continuation.yield(text)
        }
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        try process.run()
        for await text in lines {
            if let range = text.range(of: "Hangar is running at ") {
                let url = text[range.upperBound...].prefix { !$0.isWhitespace }
                return ServeProcess(url: String(url), dataDirectory: dataDirectory, process: process, output: logPath, exited: exited)
            }
        }
        await exited.wait()
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw CLIFixture.Failure(description: "hangar serve exited (\(process.terminationStatus)) before listening:\n\(log.suffix(2000))")
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        await waitForExit()
    }

    func stop() async {
        if process.isRunning { process.terminate() }
        await waitForExit()
    }

    deinit {
        // A test that failed half-way must not leave a server running.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private func waitForExit() async { await exited.wait() }

    var log: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
}

/// Fires once when the process ends; any number of tasks can wait for it.
final class ExitSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
