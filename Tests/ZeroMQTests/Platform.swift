// The one file of this test module that imports the C library (errno values, pipes, signals, pthreads), for every
// other file of it: a test module has no clients, so re-exporting it here leaks it nowhere.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Darwin)
@_exported import Darwin
#endif
