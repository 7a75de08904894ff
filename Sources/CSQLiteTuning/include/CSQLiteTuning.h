#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// Turns off SQLite's memory-usage statistics for the whole process (SQLITE_CONFIG_MEMSTATUS 0).
/// With statistics on, every allocation SQLite makes takes one process-wide mutex, which the
/// hub's writer and readers then contend for. Effective only before SQLite is first used;
/// afterwards it changes nothing and returns SQLITE_MISUSE. Returns the sqlite3_config result.
int tdsync_sqlite_disable_memstatus(void);

#endif
