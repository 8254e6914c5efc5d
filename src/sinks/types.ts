// What every sink (a place actions deliver to: files, sockets, child
// processes, and later mail, the Nagios command file, the Icinga 2 API)
// offers the rest of the program. A sink keeps its own state (open files,
// connections, queues, retries); actions call its own methods to deliver,
// and the engine and runtime only see this interface, through the Sinks
// bundle (index.ts).
//
// Rules for a sink:
// - delivering never blocks event processing: what cannot go out now is
//   queued or dropped by the sink, and logged by it;
// - closeAll() is SEC's close_outputs (full and soft restart, SIGUSR2, exit):
//   let go of open files and connections; the next delivery opens them
//   again. A sink with nothing open does nothing;
// - drain(graceMs) runs once at shutdown, after closeAll(): finish what was
//   accepted, for at most graceMs, and log what is given up.

export interface Sink {
  closeAll(): void;
  drain(graceMs: number): Promise<void>;
}
