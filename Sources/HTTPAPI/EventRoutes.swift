import Foundation
import HTTPTypes
import HangarCore
import Hummingbird
import Jobs

/// `GET /api/events` and `GET /api/jobs/{id}/events`, outside the generated server because
/// they stream.
struct EventRoutes: Sendable {
    let live: LiveServices

    func register(on router: Router<HangarRequestContext>) {
        router.get("/api/events") { request, context in try await allEvents(request, context: context) }
        router.get("/api/jobs/:id/events") { request, context in
            try await jobEvents(request, id: context.parameters.require("id"), context: context)
        }
    }

    private func eventStream(_ context: HangarRequestContext) -> EventStream {
        EventStream(heartbeat: live.heartbeat, connectionClosed: context.connectionClosed)
    }

    /// Every change; with `Last-Event-ID`, the stored events after it come first.
    func allEvents(_ request: Request, context: HangarRequestContext) async throws -> Response {
        let lastID = try Self.lastEventID(request)
        let stream = live.events.subscribe(after: lastID) { _ in true }
        return eventStream(context).response { continuation in
            for await event in stream {
                let data = "{\"action\":\(Self.quoted(event.action)),\"subject_id\":\(Self.quoted(event.subjectID)),\"data\":\(event.data)}"
                continuation.yield(EventStream.frame(id: event.id, event: event.type, data: data))
            }
        }
    }

    /// One job: its current state at once (so a reload shows the progress without waiting),
    /// then each change, ending with `done` or `error`.
    func jobEvents(_ request: Request, id: String, context: HangarRequestContext) async throws -> Response {
        _ = try Self.lastEventID(request)
        guard HangarAPI.storable(id) else { throw HangarError.notFound(.job, id: id) }
        let jobs = live.jobs
        // Subscribe before reading the snapshot so no change falls between the two.
        let stream = live.events.subscribe(after: nil) { $0.type == "job" && $0.subjectID == id }
        let snapshotID = try await live.events.latestEventID()
        guard let job = try await jobs.job(id: id) else { throw HangarError.notFound(.job, id: id) }
        return eventStream(context).response { continuation in
            for frame in Self.frames(for: job, id: snapshotID, change: .snapshot) { continuation.yield(frame) }
            if !job.state.isActive { return }
            for await event in stream where event.id > snapshotID {
                guard let current = try? JSONDecoder().decode(Job.self, from: Data(event.data.utf8)) else { continue }
                let frames = Self.frames(for: current, id: event.id, change: event.action == "progress" ? .progress : .status)
                for frame in frames { continuation.yield(frame) }
                if !current.state.isActive { return }
            }
        }
    }

    enum Change { case snapshot, status, progress }

    /// `progress` for progress (and for the opening snapshot of a running job), `status` for a
    /// state change, then `done` or `error` once the job has ended.
    static func frames(for job: Job, id: Int64, change: Change) -> [String] {
        let data = (try? JSONEncoder().encode(job)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        let name: String
        switch change {
        case .progress: name = "progress"
        case .snapshot: name = job.state == .running ? "progress" : "status"
        case .status: name = "status"
        }
        var frames = [EventStream.frame(id: id, event: name, data: data)]
        switch job.state {
        case .succeeded: frames.append(EventStream.frame(id: id, event: "done", data: data))
        case .failed, .canceled: frames.append(EventStream.frame(id: id, event: "error", data: data))
        case .queued, .running: break
        }
        return frames
    }

    static func lastEventID(_ request: Request) throws -> Int64? {
        guard let raw = request.headers[HTTPField.Name("Last-Event-ID")!] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard trimmed.count <= 18, trimmed.allSatisfy(\.isASCII), let id = Int64(trimmed), id >= 0 else {
            throw HangarError.badRequest("Last-Event-ID must be the id of an event this server sent (digits only).")
        }
        return id
    }

    static func quoted(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
