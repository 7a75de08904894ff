// sqlite3_config is variadic, which Swift cannot call: this file is the one-line bridge.
#include <sqlite3.h>
#include "CSQLiteTuning.h"

int tdsync_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
