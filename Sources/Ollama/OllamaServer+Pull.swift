import HangarCore
import Upstream

extension OllamaServer {
    /// Pulls `name`, calling `onProgress` with the summed progress after every line. Returns
    /// once Ollama says `success`; an `{"error": …}` line at any point, or a stream that ends
    /// without `success`, throws `OllamaPullError`. Cancelling the task closes the stream,
    /// and Ollama stops the transfer when its client goes away.
    public func pull(_ name: OllamaName, onProgress: (PullProgress) async -> Void) async throws {
        var aggregator = PullAggregator()
        var succeeded = false
        let response: UpstreamResponse
        do {
            response = try await streamClient.streamLines(
                request(.post, "pull", body: ["model": name.raw, "stream": true]), headTimeout: timeouts.pullHead
            ) { bytes in
                guard let line = try? OllamaJSON.decode(OllamaWire.ProgressLine.self, from: bytes) else {
                    throw OllamaPullError(
                        code: .upstreamInvalidResponse,
                        message: "The Ollama server at \(display) sent a pull line Hangar cannot read.")
                }
                if let error = aggregator.take(line) {
                    throw OllamaPullError(code: .pullFailed, message: "Ollama: \(OllamaFailure.clean(error))")
                }
                if aggregator.progress.phase == .success { succeeded = true }
                await onProgress(aggregator.progress)
            }
        } catch let error as UpstreamError {
            throw OllamaFailure.transport(error, server: display, timeout: timeouts.pullHead)
        }
        guard (200..<300).contains(response.status) else {
            throw OllamaFailure.status(response.status, body: response.body, server: display, subject: name.raw)
        }
        guard succeeded else {
            throw OllamaPullError(
                code: .pullIncomplete,
                message: "The Ollama server at \(display) ended the pull stream before saying success; start the pull again to resume it.")
        }
    }
}
