-- Agreements and documents signed or issued at one event; documents_count only where a source
-- gives the number of documents signed.
select a.title, a.kind, array_to_string(a.parties, ', ') as parties, a.documents_count, a.summary, a.source_id
from agreements as a
where a.event_id = $event_id
order by a.agreement_id;
