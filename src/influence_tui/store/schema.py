"""Schema and migrations. `PRAGMA user_version` holds the schema version. A migration is SQL
(statements separated by ";\n") or a function of the connection, run inside one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from influence_tui.store.identity import rekey_influencers

SCHEMA_VERSION = 9

# Rollups (roster, influencer_campaigns, weekly) are derived from the source tables for one as-of
# date and rebuilt on every write, so no keystroke has to aggregate the posts table.
_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE platforms (name TEXT PRIMARY KEY);
INSERT INTO platforms (name) VALUES ('instagram'), ('youtube'), ('snapchat');

CREATE TABLE influencers (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL REFERENCES platforms(name),
    handle TEXT NOT NULL,
    handle_key TEXT NOT NULL,
    name TEXT,
    followers INTEGER CHECK (followers IS NULL OR followers > 0),
    country TEXT,
    category TEXT,
    compensation TEXT CHECK (compensation IS NULL OR compensation IN ('cash', 'product', 'mixed')),
    audience_quality REAL,
    reported_engagement_rate REAL,
    provenance TEXT NOT NULL DEFAULT 'imported',
    UNIQUE (platform, handle_key)
);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    brand TEXT,
    start_date TEXT,
    end_date TEXT,
    budget REAL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    influencer_id INTEGER NOT NULL REFERENCES influencers(id),
    campaign_id INTEGER REFERENCES campaigns(id),
    platform TEXT NOT NULL REFERENCES platforms(name),
    post_key TEXT NOT NULL,
    external_id TEXT,
    brand TEXT,
    posted_at TEXT NOT NULL,
    title TEXT,
    views INTEGER,
    likes INTEGER,
    comments INTEGER,
    shares INTEGER,
    saves INTEGER,
    cost REAL,
    sponsored INTEGER NOT NULL DEFAULT 0,
    disclosed INTEGER,
    brand_named INTEGER,
    likes_hidden INTEGER NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT 'imported',
    engagement_rate REAL,
    impression_rate REAL,
    cpe REAL,
    cpm REAL,
    UNIQUE (platform, post_key)
);
CREATE INDEX posts_by_influencer ON posts(influencer_id, posted_at);
CREATE INDEX posts_by_campaign ON posts(campaign_id, posted_at);
CREATE INDEX posts_by_date ON posts(posted_at);
CREATE INDEX posts_by_views ON posts(views);
CREATE INDEX posts_by_er ON posts(engagement_rate);
CREATE INDEX posts_by_cost ON posts(cost);
CREATE INDEX posts_by_cpe ON posts(cpe);

CREATE TABLE spend (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL REFERENCES platforms(name),
    campaign_id INTEGER REFERENCES campaigns(id),
    date TEXT NOT NULL,
    amount REAL NOT NULL,
    currency TEXT NOT NULL,
    note TEXT
);
CREATE INDEX spend_by_platform ON spend(platform, date);
CREATE UNIQUE INDEX spend_natural_key
    ON spend(platform, ifnull(campaign_id, 0), date, ifnull(note, ''));

CREATE TABLE signals (
    platform TEXT NOT NULL REFERENCES platforms(name),
    metric TEXT NOT NULL,
    date TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (platform, metric, date)
);

CREATE TABLE roster (
    influencer_id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    handle_key TEXT NOT NULL,
    name TEXT,
    country TEXT,
    followers INTEGER,
    posts INTEGER NOT NULL,
    engagement_rate REAL,
    impression_rate REAL,
    er_by_views REAL,
    brands INTEGER NOT NULL,
    saturation REAL,
    spend REAL,
    engagements INTEGER,
    views INTEGER,
    cpe REAL,
    cpm REAL,
    undisclosed_posts INTEGER NOT NULL,
    brand_unnamed_posts INTEGER NOT NULL,
    last_post TEXT,
    er_reported INTEGER NOT NULL,
    flags_seed TEXT NOT NULL,
    flags_industry TEXT NOT NULL
);
CREATE INDEX roster_by_handle ON roster(handle_key);
CREATE INDEX roster_by_platform ON roster(platform, handle_key);
CREATE INDEX roster_by_followers ON roster(followers);
CREATE INDEX roster_by_er ON roster(engagement_rate);
CREATE INDEX roster_by_ir ON roster(impression_rate);
CREATE INDEX roster_by_brands ON roster(brands);
CREATE INDEX roster_by_spend ON roster(spend);
CREATE INDEX roster_by_cpe ON roster(cpe);

CREATE TABLE influencer_campaigns (
    campaign_id INTEGER NOT NULL,
    influencer_id INTEGER NOT NULL,
    posts INTEGER NOT NULL,
    cost REAL,
    PRIMARY KEY (campaign_id, influencer_id)
) WITHOUT ROWID;

CREATE TABLE weekly (
    platform TEXT NOT NULL,
    series TEXT NOT NULL,
    week TEXT NOT NULL,
    value REAL,
    n INTEGER NOT NULL,
    PRIMARY KEY (platform, series, week)
) WITHOUT ROWID;
"""

# Triage: one current decision per (campaign, influencer), and every change ever made to it.
# Writers update only the field they changed, so a note and a decision set at the same time by two
# reviewers both survive; the audit keeps each change with the values it replaced.
_V2 = """
CREATE TABLE decisions (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    influencer_id INTEGER NOT NULL REFERENCES influencers(id),
    decision TEXT NOT NULL DEFAULT 'unreviewed'
        CHECK (decision IN ('unreviewed', 'keep', 'watch', 'drop')),
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, influencer_id)
) WITHOUT ROWID;
CREATE INDEX decisions_by_influencer ON decisions(influencer_id);

CREATE TABLE decision_audit (
    id INTEGER PRIMARY KEY,
    changed_at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    influencer_id INTEGER NOT NULL REFERENCES influencers(id),
    old_decision TEXT NOT NULL,
    new_decision TEXT NOT NULL,
    old_note TEXT NOT NULL,
    new_note TEXT NOT NULL
);
CREATE INDEX decision_audit_by_influencer ON decision_audit(influencer_id, id);
"""

# Word search over post titles and brands, so the posts filter never scans the posts table. The
# index reads its text from posts (external content) and triggers keep it in step; each trigger
# is one line because migrations are split at ";\n".
_V3 = """
CREATE VIRTUAL TABLE posts_search USING fts5(
    title, brand, content='posts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN INSERT INTO posts_search (rowid, title, brand) VALUES (new.id, new.title, new.brand); END;
CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN INSERT INTO posts_search (posts_search, rowid, title, brand) VALUES ('delete', old.id, old.title, old.brand); END;
CREATE TRIGGER posts_search_update AFTER UPDATE OF title, brand ON posts BEGIN INSERT INTO posts_search (posts_search, rowid, title, brand) VALUES ('delete', old.id, old.title, old.brand); INSERT INTO posts_search (rowid, title, brand) VALUES (new.id, new.title, new.brand); END;
INSERT INTO posts_search (posts_search) VALUES ('rebuild');
"""

# Sorting the roster by platform pages in (platform, influencer_id) order; an index on platform
# alone carries the rowid, which is influencer_id, so no page needs a sort.
_V4 = """
CREATE INDEX roster_by_platform_id ON roster(platform);
"""

# Snapshots: a post keeps the numbers of its latest snapshot by date, an influencer the follower
# count of its latest dated row. A post keeps what its file said of its brand and whether it is
# sponsored apart from what follows from its campaign (earlier versions stored only the latter: a
# brand equal to its campaign's is taken as inherited). Peer medians are a rollup (the cost-outlier flag compares with
# them). The audit log keeps changes that are not review decisions (merges, spend fixes). New
# posts enter the word index in one statement per batch (store.writes), much cheaper than a
# trigger per row (benchmarks/store_choices.py); changed titles still go through a trigger.
_V5 = """
ALTER TABLE posts ADD COLUMN snapshot_date TEXT;
ALTER TABLE posts ADD COLUMN given_brand TEXT;
ALTER TABLE posts ADD COLUMN given_sponsored INTEGER;
UPDATE posts SET given_sponsored = sponsored, given_brand = CASE WHEN brand IS NOT NULL AND brand IS (SELECT c.brand FROM campaigns c WHERE c.id = posts.campaign_id) THEN NULL ELSE brand END;
ALTER TABLE influencers ADD COLUMN followers_date TEXT;
CREATE TABLE peer_cpe (
    scheme TEXT NOT NULL,
    platform TEXT NOT NULL,
    tier TEXT NOT NULL,
    median REAL,
    n INTEGER NOT NULL,
    PRIMARY KEY (scheme, platform, tier)
) WITHOUT ROWID;
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    changed_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX roster_by_peer_group ON roster(platform, followers, cpe);
DELETE FROM meta WHERE key = 'rollup_as_of';
DROP TRIGGER posts_search_insert;
DROP TRIGGER posts_search_update;
CREATE TRIGGER posts_search_update AFTER UPDATE OF title, brand ON posts WHEN old.title IS NOT new.title OR old.brand IS NOT new.brand BEGIN INSERT INTO posts_search (posts_search, rowid, title, brand) VALUES ('delete', old.id, old.title, old.brand); INSERT INTO posts_search (rowid, title, brand) VALUES (new.id, new.title, new.brand); END
"""

# The platform registry (DESIGN §2): a platform renamed or merged away leaves its old name as an
# alias of the platform it became, so a file that still says the old name imports onto the new.
_V6 = """
CREATE TABLE platform_aliases (
    alias TEXT PRIMARY KEY,
    platform TEXT NOT NULL REFERENCES platforms(name)
) WITHOUT ROWID;
"""

# Platform risk (issue #13): `check` remembers each platform's last verdict; the weekly rollups
# change meaning (a signal's week is its last observation; ER by views is a series), so they are
# rebuilt.
_V7 = """
CREATE TABLE risk_verdicts (
    platform TEXT PRIMARY KEY,
    risk TEXT NOT NULL,
    as_of TEXT,
    checked_at TEXT NOT NULL,
    reasons TEXT NOT NULL
);
DELETE FROM meta WHERE key = 'rollup_as_of'
"""

# The spend ledger pages every entry by date, or a campaign's (its budget's spend to date).
_V8 = """
CREATE INDEX spend_by_date ON spend(date);
CREATE INDEX spend_by_campaign ON spend(campaign_id, date)
"""

# A post's flags as one number (domain.posts.post_flag_bits, bit for bit; a test checks they
# agree), generated from the columns it follows from and indexed, so the posts filter by a flag
# and sort by flags without reading the table. A virtual column costs no storage.
_V9 = """
ALTER TABLE posts ADD COLUMN flag_bits INTEGER GENERATED ALWAYS AS ((CASE WHEN sponsored THEN 4 + (CASE WHEN coalesce(disclosed, 0) = 0 THEN 16 ELSE 0 END) + (CASE WHEN brand_named = 0 THEN 8 ELSE 0 END) ELSE 0 END) + (CASE WHEN likes_hidden THEN 2 ELSE 0 END) + (CASE WHEN provenance = 'estimated' THEN 1 ELSE 0 END)) VIRTUAL;
CREATE INDEX posts_by_flags ON posts(flag_bits)
"""

Migration = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[Migration, ...]] = {
    1: (_V1,),
    2: (_V2,),
    3: (_V3,),
    4: (_V4,),
    5: (_V5, rekey_influencers),
    6: (_V6,),
    7: (_V7,),
    8: (_V8,),
    9: (_V9,),
}
