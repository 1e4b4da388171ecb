import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

struct Download: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download (or resume) a local model's file from Hugging Face and show its progress.")
    @Argument(help: "Model id of a local model.") var model: String
    @Flag(help: "Start the download and return without watching it.") var detach = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let state = try await client.call { [model] api -> DownloadState in
            switch try await api.startModelDownload(path: .init(id: model)) {
            case .ok(let ok): return try ok.body.json
            case .accepted(let accepted): return try accepted.body.json
            case .undocumented(let status, _):
                throw APIFailure(status: status, code: "http_\(status)", message: "Unexpected answer.", fields: [:])
            default: throw APIFailure(status: 0, code: "unexpected", message: "Unexpected answer.", fields: [:])
            }
        }
        guard let jobID = state.jobID, state.downloadStatus != .downloaded else {
            if client.json { return printOut(try Table.json(state)) }
            return printOut("Already downloaded: \(state.localPath ?? model)\n")
        }
        if detach {
            if client.json { return printOut(try Table.json(state)) }
            return printOut("Download job \(jobID) \(state.jobState?.rawValue ?? "queued"). Follow it with `hangar jobs watch \(jobID)`.\n")
        }
        try await watchJob(id: jobID, client: client)
    }
}
