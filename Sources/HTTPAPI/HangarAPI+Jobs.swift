import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func listJobs(_ input: Operations.ListJobs.Input) async throws -> Operations.ListJobs.Output {
        var fields: [String: FieldError] = [:]
        let limit = input.query.limit ?? 100
        fields["limit"] = .outside(limit, 1...500, "Limit must be between 1 and 500.")
        if let target = input.query.target {
            fields["target"] = .length(of: target, max: 256, "Target must be 1 to 256 characters, such as model:<id>.")
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
        // No job has a target with NUL (PostgreSQL text cannot even hold one): nothing matches.
        if let target = input.query.target, !Self.storable(target) { return .ok(.init(body: .json(.init(items: [])))) }
        let items = try await live.jobs.list(
            kind: input.query.kind?.rawValue, state: input.query.state, target: input.query.target, limit: limit)
        return .ok(.init(body: .json(.init(items: items))))
    }

    func getJob(_ input: Operations.GetJob.Input) async throws -> Operations.GetJob.Output {
        guard Self.storable(input.path.id), let job = try await live.jobs.job(id: input.path.id) else {
            throw HangarError.notFound(.job, id: input.path.id)
        }
        return .ok(.init(body: .json(job)))
    }

    func cancelJob(_ input: Operations.CancelJob.Input) async throws -> Operations.CancelJob.Output {
        guard Self.storable(input.path.id), let job = try await live.jobs.cancel(id: input.path.id) else {
            throw HangarError.notFound(.job, id: input.path.id)
        }
        return .ok(.init(body: .json(job)))
    }

    /// PostgreSQL text cannot hold NUL: such an id names no job, and must not reach the database.
    static func storable(_ id: String) -> Bool { !id.utf8.contains(0) }
}
