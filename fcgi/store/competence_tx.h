/* competence_tx.h -- the writes of competence.c without a transaction of
 * their own, for a store function that runs several in one (the XML
 * import, competence_set.c).  Store-internal: pages use competence.h. */
#ifndef GESPREK_STORE_COMPETENCE_TX_H
#define GESPREK_STORE_COMPETENCE_TX_H

#include "store/competence.h"

int competence_create_in(struct db *db, int64_t actor, const struct competence_in *in,
    int64_t *id);
/* scratch: room for the stored row (large). */
int competence_update_in(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct competence_in *in, struct competence *scratch);
int profile_create_in(struct db *db, int64_t actor, const struct profile_in *in, int64_t *id,
    struct profile_check *chk);
int profile_update_in(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct profile_in *in, struct profile_check *chk);

#endif
