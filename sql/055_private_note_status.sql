-- 055_private_note_status.sql -- an item's status is that of its latest
-- progress note both parties may see.
--
-- Until now a note's status went to its item at once, also while the note
-- was still private to its author (written in a planned or preparing
-- conversation its side had not shared), so HR's overview and the
-- manager's dashboard counted preparation nobody else could see.  From now
-- on the store applies a note's status when the note becomes visible to
-- both (saved visible, shared, or held; fcgi/store/conversation.c).  This
-- puts the items that a private note set right: their status becomes that
-- of the latest note both may see (by updated_at, then id: the order the
-- pages use), or 'open' when there is none -- what HR was shown for them
-- already.  Only items whose status changes are touched (and get a new
-- version); the private notes keep their status and apply when shared.

UPDATE item i
SET i.status = COALESCE(
      (SELECT v.status FROM item_update v
       JOIN conversation vc ON vc.id = v.conversation_id
       JOIN dossier vd ON vd.id = vc.dossier_id
       WHERE v.item_id = i.id AND v.status IS NOT NULL
         AND (vc.status NOT IN ('planned', 'preparing')
              OR (v.author_id = vd.employee_id AND vc.employee_shared = 1)
              OR (v.author_id <> vd.employee_id AND vc.manager_shared = 1))
       ORDER BY v.updated_at DESC, v.id DESC LIMIT 1),
      'open'),
    i.achieved_on = IF(i.status = 'achieved', COALESCE(i.achieved_on, UTC_DATE()), NULL),
    i.version = i.version + 1,
    i.updated_at = UTC_TIMESTAMP()
WHERE EXISTS (
  SELECT 1 FROM item_update p
  JOIN conversation pc ON pc.id = p.conversation_id
  JOIN dossier pd ON pd.id = pc.dossier_id
  WHERE p.item_id = i.id AND p.status IS NOT NULL
    AND pc.status IN ('planned', 'preparing')
    AND NOT ((p.author_id = pd.employee_id AND pc.employee_shared = 1)
             OR (p.author_id <> pd.employee_id AND pc.manager_shared = 1)))
  AND i.status <> COALESCE(
      (SELECT v.status FROM item_update v
         JOIN conversation vc ON vc.id = v.conversation_id
         JOIN dossier vd ON vd.id = vc.dossier_id
         WHERE v.item_id = i.id AND v.status IS NOT NULL
           AND (vc.status NOT IN ('planned', 'preparing')
                OR (v.author_id = vd.employee_id AND vc.employee_shared = 1)
                OR (v.author_id <> vd.employee_id AND vc.manager_shared = 1))
         ORDER BY v.updated_at DESC, v.id DESC LIMIT 1),
      'open');
