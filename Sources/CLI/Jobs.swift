import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Background jobs (downloads, Ollama pulls and update checks).", subcommands: [List.self, Watch.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")
        @Option(help: "queued, running, succeeded, failed or canceled.") var state: String?
        @Option(help: "Only jobs of this kind (download, pull, check_updates).") var kind: String?
        @Option(help: "How many (1–500, default 100).") var limit: Int?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let stateFilter = try state.map { value in
                guard let parsed = JobState(rawValue: value) else {
                    throw ValidationError("--state must be queued, running, succeeded, failed or canceled")
                }
                return parsed
            }
            let kindFilter = try kind.map { value in
                guard let parsed = Operations.ListJobs.Input.Query.KindPayload(rawValue: value) else {
                    throw ValidationError("--kind must be download, pull or check_updates")
                }
                return parsed
            }
            let jobs = try await client.call { [limit] api in
                try await api.listJobs(query: .init(kind: kindFilter, state: stateFilter, limit: limit)).ok.body.json.items
            }
            if client.json { return printOut(try Table.json(jobs)) }
            printOut(
                Table.render(
                    headers: ["ID", "KIND", "TARGET", "STATE", "PROGRESS", "ATTEMPTS", "ERROR"],
                    rows: jobs.map { job in
                        [
                            job.id, job.kind, job.target, job.state.rawValue,
                            job.progress.percent.map { String(format: "%.1f%%", $0) } ?? "", String(job.attempts),
                            job.errorMessage ?? "",
                        ]
                    }))
        }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Follow a job with a progress bar until it ends.")
        @Argument(help: "Job id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await watchJob(id: id, client: client)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job.")
        @Argument(help: "Job id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let job = try await client.call { [id] api in try await api.cancelJob(path: .init(id: id)).ok.body.json }
            if client.json { return printOut(try Table.json(job)) }
            printOut("\(job.id): \(job.state.rawValue)\n")
        }
    }
}

/// Follows the job's event stream, drawing the progress bar; fails (exit 1) when the job fails
/// or is canceled, with the job's own message.
func watchJob(id: String, client: ClientOptions, printResult: Bool = true) async throws {
    let bar = Mutable(ProgressBar())
    let last = Mutable<Job?>(nil)
    do {
        try await JobEventStream.follow(url: client.baseURL, token: client.token(), jobID: id) { update in
            last.value = update.job
            if !client.json { bar.value.show(update.job) }
        }
    } catch {
        throw CLIFailure(HangarAPIClient.unwrap(error, url: client.baseURL))
    }
    if !client.json { bar.value.finish() }
    guard let job = last.value else { throw CLIFailure(InputError("The job's event stream ended before any event.")) }
    if client.json && printResult { printOut(try Table.json(job)) }
    switch job.state {
    case .succeeded:
        if !client.json { printOut("\(job.id): succeeded\n") }
    case .failed:
        throw CLIFailure(InputError("\(job.errorMessage ?? "The job failed.") [\(job.errorCode ?? "failed")]"))
    case .canceled:
        throw CLIFailure(InputError("The job was canceled; start it again to resume."))
    case .queued, .running:
        throw CLIFailure(
            InputError("The event stream ended while the job is \(job.state.rawValue); run `hangar jobs watch \(job.id)` again."))
    }
}

/// A box for state the event callback updates (it runs on one task at a time).
final class Mutable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
