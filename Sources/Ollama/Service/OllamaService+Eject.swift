import Foundation
import HangarCore

extension OllamaService {
    /// Soft: one `keep_alive: 0` request; Ollama unloads the model once it is idle. Forced: the
    /// request is repeated and `/api/ps` checked until the model is gone, within the window
    /// (5 s), because Ollama keeps a model that is still answering and its `/api/ps` lags.
    public func eject(providerID: String, _ request: OllamaEjectRequest) async throws -> OllamaEjectResult {
        let name = try Self.name(request.model)
        let server = try await server(of: providerID)
        try await server.unload(name)
        guard request.force == true else {
            return OllamaEjectResult(model: name.raw, forced: false, verified: false, attempts: 1)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + settings.forcedEjectWindow
        var attempts = 1
        var lastSent = clock.now
        while true {
            guard let entry = try await loadedEntry(name, on: server) else {
                return OllamaEjectResult(model: name.raw, forced: true, verified: true, attempts: attempts)
            }
            guard clock.now + settings.forcedEjectPoll < deadline else { break }
            try await Task.sleep(for: settings.forcedEjectPoll)
            // An unload Ollama took shows as an expiry of now while the runner stops; repeating
            // it then only restarts the wait. Still scheduled to live means it was not taken.
            // Without a readable expiry, it is repeated once a second.
            let expiry = entry.expiresAt.flatMap(OllamaTime.parse)
            let ignored = expiry.map { $0 > Date().addingTimeInterval(1) } ?? (clock.now - lastSent >= .seconds(1))
            if ignored {
                try await server.unload(name)
                attempts += 1
                lastSent = clock.now
            }
        }
        throw HangarError(
            .conflict, code: .ejectIncomplete,
            message:
                "'\(name.raw)' is still loaded after \(settings.forcedEjectWindow.seconds) s and \(attempts) unload requests; it may be answering a long request. Retry once it is idle."
        )
    }

    func loadedEntry(_ name: OllamaName, on server: OllamaServer) async throws -> OllamaRunningModel? {
        try await server.running().first { running in
            (try? OllamaName(running.name)).map { $0.sameModel(as: name) } ?? (running.name == name.raw)
        }
    }
}
