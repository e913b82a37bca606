"""The data directory's layout: what `kb build` writes and the search reads.

`data/current` links to the build being served; each build folder holds the
manifest, the SQLite database (indexer/store.py), the full-text index and the
thesaurus and lexicon the search expands queries with.
"""

# Bump when the layout of the data directory or the analysis changes: older indexes are rebuilt.
# 6: the analyzer moved to indexer/fulltext.py (the index pickles its class path); 7: official_changes table;
# 8: «копы» (cops) no longer stems like «копии» (copies); «работы» after «исправительные»/«общественные» is a punishment.
# 9: Kazakh verb forms reduced to one key per verb (indexer/analysis/kazakh_verbs.py: алды, алған, алмады -> алу).
# 10: kb files' fingerprints kept (sources.pickle); linked acts kept in shards (official-NN.pickle).
# 11: the remedies table's `against` column (the contact kinds a ladder's violation comes from).
# 12: verbs made of a Russian noun in -ия with -ла (ресоциализациялау, ресоциализациялаудан) get one Kazakh verb key.
# 13: белгі-сі, қорытынды-сы: the possessive of nouns in -гі/-ды cut, so their forms meet.
# 14: әкімшілік, жүкті(лік), салдар, абайсыз(дық) keep terms of their own (not әкім, жүк, сал-, Абай).
# 15: жария "public" a Kazakh word (not Russian жар "fever"), жарлық "decree" a term of its own.
# 16: қаулы-сы "its resolution": the possessive cut too.
# 17: the Kazakh converb -й, negated алмай, бермей: the verb's key.
# 18: verbs made from a protected noun (орында-, мойында-, басқар-) analysed as verbs; мойындат- listed.
# 19: Kazakh endings after a Russian loan whose last vowel is и or у taken off whatever their harmony (садик-ке).
# 20: Kazakh endings cut off 3-4 letter Russian nouns with a letter native words lack (чат-ында, кафе-де).
INDEX_FORMAT = 20
CURRENT = "current"
MANIFEST = "manifest.json"
WHOOSH_DIR = "whoosh"
THESAURUS = "thesaurus.json"
LEXICON = "lexicon.json"
