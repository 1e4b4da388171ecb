import HangarCore

extension HangarAPI {
    func listJobs(_ input: Operations.ListJobs.Input) async throws -> Operations.ListJobs.Output {
        let limit = input.query.limit ?? 100
        guard (1...500).contains(limit) else {
            throw HangarError.validation(["limit": "Limit must be between 1 and 500."])
        }
        let items = try await live.jobs.list(
            kind: input.query.kind?.rawValue, state: input.query.state, target: input.query.target, limit: limit)
        return .ok(.init(body: .json(.init(items: items))))
    }

    func getJob(_ input: Operations.GetJob.Input) async throws -> Operations.GetJob.Output {
        guard let job = try await live.jobs.job(id: input.path.id) else { throw HangarError.notFound("job", id: input.path.id) }
        return .ok(.init(body: .json(job)))
    }

    func cancelJob(_ input: Operations.CancelJob.Input) async throws -> Operations.CancelJob.Output {
        guard let job = try await live.jobs.cancel(id: input.path.id) else { throw HangarError.notFound("job", id: input.path.id) }
        return .ok(.init(body: .json(job)))
    }
}
