import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on loopback that injects network faults between a client and the hub: each new
/// connection draws one fault (seeded) while faults are on, and passes bytes untouched otherwise.
/// Blocking sockets, a thread per direction: simple, and enough for a test's few connections.
final class FaultProxy: @unchecked Sendable {
    /// What happens to one connection.
    enum Fault: String, CaseIterable, Sendable {
        case none
        /// Part of the request reaches the hub, then both sides are closed.
        case dropMidRequest
        /// The whole request reaches the hub; part of its answer comes back, then both are closed.
        case dropMidResponse
        /// Every chunk waits 50–300 ms each way, and the connection is cut after 1 s (so a
        /// keep-alive connection does not stay slow for ever, and a request may be cut mid-way).
        case delay
        /// The answer loses its last bytes, then the connection closes (a short body).
        case truncateResponse
        /// The client's connection is reset (RST) as soon as its request has been forwarded.
        case reset
    }

    let port: Int
    private let target: Int
    private let listener: Int32
    private let lock = NSLock()
    private var faultsOn = false
    private var rng: SeededGenerator
    private var counts: [Fault: Int] = [:]
    private var nextConnection = 0
    private var live: Set<Int> = []
    private var doomed: Set<Int> = []

    /// Listens on a free loopback port and forwards to `127.0.0.1:target`.
    init(target: Int, seed: UInt64) throws {
        self.target = target
        rng = SeededGenerator(seed: seed)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }) == 0,
              listen(fd, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        var bound = sockaddr_in(), length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: bound.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Turns fault injection on or off for connections opened from now on (while on, every new
    /// connection draws a fault other than `.none`).
    func setFaults(_ on: Bool) { lock.withLock { faultsOn = on } }

    /// Every connection open now is reset (RST to the client, upstream closed) when its client
    /// next sends bytes, as a database restart or a firewall dropping idle connections looks to
    /// a pool that learns of it only when it uses the connection.
    func resetOpenConnectionsAtTheirNextRequest() { lock.withLock { doomed.formUnion(live) } }

    /// How many connections got each fault so far.
    var injected: [Fault: Int] { lock.withLock { counts } }

    func close() { shutdown(listener, Int32(SHUT_RDWR)); Glibc.close(listener) }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let (fault, id): (Fault, Int) = lock.withLock {
                // Keep-alive connections are reused, so every new one gets a real fault while they are on.
                let drawn = faultsOn ? Fault.allCases.filter { $0 != .none }.randomElement(using: &rng)! : .none
                counts[drawn, default: 0] += 1
                nextConnection += 1
                live.insert(nextConnection)
                return (drawn, nextConnection)
            }
            Thread.detachNewThread { [self] in
                relay(client, fault, id: id)
                lock.withLock { _ = live.remove(id); _ = doomed.remove(id) }
            }
        }
    }

    private func relay(_ client: Int32, _ fault: Fault, id: Int) {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: target)
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }) == 0 else {
            Glibc.close(upstream); Glibc.close(client); return
        }
        // The delayed cut and the close below share a lock: once closed, the descriptor numbers
        // may already belong to another socket of this process (a hub's listener, a connection it
        // accepted, one of its PostgreSQL connections), and shutting those down made other tests
        // fail at random ("connection refused", "closed without answering", "reset by peer").
        let open = OpenFlag()
        if fault == .delay {
            DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                open.whileOpen {
                    shutdown(client, Int32(SHUT_RDWR))
                    shutdown(upstream, Int32(SHUT_RDWR))
                }
            }
        }
        let done = DispatchGroup()
        done.enter()
        Thread.detachNewThread { [self] in
            pump(from: client, to: upstream, fault: fault, isRequest: true, id: id)
            done.leave()
        }
        pump(from: upstream, to: client, fault: fault, isRequest: false, id: id)
        done.wait()
        open.close {
            Glibc.close(upstream)
            Glibc.close(client)
        }
    }

    /// Copies bytes one way until EOF or the fault cuts the connection; closing both sockets'
    /// directions ends the other pump too.
    private func pump(from source: Int32, to sink: Int32, fault: Fault, isRequest: Bool, id: Int) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var forwarded = 0
        while true {
            let n = read(source, &buffer, buffer.count)
            guard n > 0 else { break }
            if isRequest && lock.withLock({ doomed.contains(id) }) {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(source, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                break
            }
            var count = n
            var cut = false
            switch (fault, isRequest) {
            case (.dropMidRequest, true), (.dropMidResponse, false):
                count = max(1, n / 2); cut = true
            case (.truncateResponse, false):
                count = max(0, n - 7); cut = true
            case (.delay, _):
                usleep(UInt32.random(in: 50_000...300_000))
            default:
                break
            }
            if count > 0 && write(sink, buffer, count) < 0 { break }
            forwarded += count
            if fault == .reset && isRequest {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(source, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                cut = true
            }
            if cut { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(sink, Int32(SHUT_RDWR))
    }
}

/// Whether a connection's descriptors are still open, so a delayed action on them never runs
/// after they were closed (and their numbers handed to other sockets).
private final class OpenFlag: Sendable {
    private let open = Mutex(true)
    func whileOpen(_ action: () -> Void) { open.withLock { if $0 { action() } } }
    func close(_ action: () -> Void) { open.withLock { $0 = false; action() } }
}

/// SplitMix64: a seeded generator, so a failing run can be replayed with its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
