import HangarCore

extension JobWorkerPool {
    enum Outcome: Sendable {
        case succeeded
        case failed(JobFailure)
        case error(any Error)
    }

    /// Runs one claimed job to its end, stores the outcome, and frees its slot.
    func execute(_ run: JobRun) async {
        guard let handler = handlers[run.job.kind] else { return }
        let context = JobContext(job: run.job, payload: run.payload, report: { run.report($0) }, recordResult: { run.setResult($0) })
        let outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await Self.run(handler, context) }
            group.addTask {
                await run.stopped.wait()
                return nil
            }
            group.addTask {
                await self.storeProgress(of: run)
                return nil
            }
            // The handler's result ends the job; a stop (or a lost job) cancels the handler,
            // and its result after that is still awaited.
            var outcome: Outcome = .error(CancellationError())
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
                group.cancelAll()
            }
            group.cancelAll()
            return outcome
        }
        await settle(run, outcome)
        state.withLock { state in
            if state.runs[run.job.id] === run { state.runs[run.job.id] = nil }
            state.running[run.job.kind, default: 1] -= 1
        }
        wakeUp.ring()
    }

    private static func run(_ handler: any JobHandler, _ context: JobContext) async -> Outcome {
        do {
            try await handler.run(context)
            return .succeeded
        } catch let failure as JobFailure {
            return .failed(failure)
        } catch {
            return .error(error)
        }
    }

    static let internalFailure = JobFailure(
        code: .internalError, message: "The job stopped on an unexpected error; the server log has the details.")

    /// Why a run that nobody finished ended: its lease expired, or the process running it was
    /// gone when the server started again.
    static let interrupted = JobFailure(
        code: .jobInterrupted,
        message: "The job's run was interrupted: the server running it stopped or lost the database before it finished.")

    /// Stores how the job ended, unless it is no longer ours to decide (writes are shielded
    /// from cancellation, so a pool being cancelled still puts its jobs back in the queue).
    private func settle(_ run: JobRun, _ outcome: Outcome) async {
        let reason = run.stopReason ?? (Task.isCancelled ? .shutdown : nil)
        let job = run.job
        let progress = run.progress
        do {
            switch (reason, outcome) {
            case (.canceled?, _), (.lost?, _):
                logger.info("job stopped", metadata: ["job": "\(job.id)", "reason": "\(reason.map { "\($0)" } ?? "")"])
            case (_, .succeeded):
                _ = try await queue.finish(
                    id: job.id, owner: owner, state: .succeeded, progress: progress, error: nil, result: run.result, hooks: handlers)
            case (.shutdown?, _):
                logger.info("job interrupted by shutdown; re-queued", metadata: ["job": "\(job.id)"])
                _ = try await queue.release(id: job.id, owner: owner, progress: progress, hooks: handlers)
            case (nil, .failed(let failure)):
                _ = try await queue.finish(
                    id: job.id, owner: owner, state: .failed, progress: progress, error: failure, hooks: handlers)
            case (nil, .error(let error)):
                let after = try await queue.retryOrFail(
                    id: job.id, owner: owner, attempts: job.attempts, progress: progress, error: Self.internalFailure, retry: retry,
                    hooks: handlers)
                logger.error(
                    "job run failed on an unexpected error",
                    metadata: [
                        "job": "\(job.id)", "kind": "\(job.kind)", "attempts": "\(job.attempts)", "error": "\(String(reflecting: error))",
                        "outcome":
                            "\(after.map { $0.state == .queued ? "retry after \($0.runAfter ?? "")" : "\($0.state)" } ?? "not ours")",
                    ])
            }
        } catch {
            logger.error(
                "could not store a job's outcome; it runs again once its lease expires",
                metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }

    /// Stores reported progress at most once per `progressInterval`, always the latest.
    private func storeProgress(of run: JobRun) async {
        let clock = ContinuousClock()
        var lastWrite: ContinuousClock.Instant?
        while !Task.isCancelled {
            await run.progressReported.wait()
            if let lastWrite, clock.now < lastWrite + progressInterval {
                try? await Task.sleep(until: lastWrite + progressInterval, clock: clock)
            }
            guard !Task.isCancelled, let progress = run.takePendingProgress() else { continue }
            lastWrite = clock.now
            do {
                if try await queue.storeProgress(id: run.job.id, owner: owner, progress: progress) == nil {
                    run.stop(.lost)
                    return
                }
            } catch {
                logger.warning("could not store job progress", metadata: ["job": "\(run.job.id)", "error": "\(error)"])
            }
        }
    }
}
