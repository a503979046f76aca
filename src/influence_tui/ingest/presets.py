"""Layouts of exports people actually have, each from a place that documents it. A file whose header
has a preset's signature columns is read with that preset (no `--map` needed); `--preset NAME`
chooses one by name. Only layouts found documented are here: TikTok Studio's export and Modash's or
HypeAuditor's list exports are left out until one is found (their headers still go through the
ordinary word matching of `headers`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Preset:
    name: str
    kind: str
    what: str  # a few words for the mapping shown by --dry-run
    signature: tuple[str, ...]  # columns that must all be in the header
    columns: dict[str, str]  # field -> column (used when the file has that column)
    platform: str | None = None  # the platform every row is on, unless --platform says otherwise
    date_formats: dict[str, str] = field(default_factory=dict)  # field -> strptime format
    needs_year: bool = False  # the dates have no year: --year is required
    total_row: str | None = None  # first cell of the export's sum row, which is not a record
    ignored: tuple[str, ...] = ()  # columns that look like a field but are not one
    needs: str | None = None  # what the user must add, when the file cannot say it


PRESETS: tuple[Preset, ...] = (
    # Kaggle "Trending YouTube Video Statistics", first release (2017): one row per video per
    # trending day, the day written day.month without a year ('13.09'). The layout of
    # ../shared/data/real/USvideos.csv. The trending day is the snapshot: the latest one wins.
    Preset(
        name="kaggle-trending-2017",
        kind="posts",
        what="Kaggle trending videos, 2017 layout (date as day.month)",
        signature=("video_id", "channel_title", "comment_total", "thumbnail_link", "date"),
        columns={
            "external_id": "video_id",
            "handle": "channel_title",
            "title": "title",
            "views": "views",
            "likes": "likes",
            "comments": "comment_total",
            "posted_at": "date",
            "snapshot_date": "date",
        },
        platform="youtube",
        date_formats={"posted_at": "%d.%m", "snapshot_date": "%d.%m"},
        needs_year=True,
    ),
    # Kaggle "Trending YouTube Video Statistics", later releases (one file per country):
    # trending_date as year.day.month ('17.14.11'), publish_time as ISO 8601, and two flags that
    # make likes or comments unknown on a row. The header is quoted in many public parsers of
    # these files, e.g. the ones found by searching the code corpus for
    # "video_id,trending_date,title,channel_title,category_id,publish_time,tags,views,likes,
    # dislikes,comment_count,thumbnail_link,comments_disabled,ratings_disabled,
    # video_error_or_removed,description".
    Preset(
        name="kaggle-trending",
        kind="posts",
        what="Kaggle trending videos (trending_date as yy.dd.mm, publish_time)",
        signature=("video_id", "trending_date", "channel_title", "publish_time"),
        columns={
            "external_id": "video_id",
            "handle": "channel_title",
            "title": "title",
            "views": "views",
            "likes": "likes",
            "comments": "comment_count",
            "posted_at": "publish_time",
            "snapshot_date": "trending_date",
            "likes_hidden": "ratings_disabled",
            "comments_hidden": "comments_disabled",
        },
        platform="youtube",
        date_formats={"snapshot_date": "%y.%d.%m"},
    ),
    # YouTube Studio, Analytics → Advanced mode → Content → Export → "Table data.csv": one row per
    # video, the video id in 'Content', a 'Total' row first, dates like 'Aug 28, 2025', and no
    # channel column (the export is of one channel). Documented by exports committed to public
    # repositories: priyankapatel05/YouTube-Channel-Analytics-Dashboard "Table data.csv" and
    # tarun9346/youtube-channel-analytics "Table data.csv" (Content, Video title, Video publish
    # time, Duration, Views, Watch time (hours), Subscribers, Impressions, Impressions
    # click-through rate (%)); Likes, 'Comments added' and Shares appear when chosen as metrics.
    # 'Subscribers' there is subscribers gained by the video, not a follower count.
    Preset(
        name="youtube-studio",
        kind="posts",
        what="YouTube Studio 'Table data.csv' (Content export)",
        signature=("Content", "Video title", "Video publish time"),
        columns={
            "external_id": "Content",
            "title": "Video title",
            "posted_at": "Video publish time",
            "views": "Views",
            "likes": "Likes",
            "comments": "Comments added",
            "shares": "Shares",
        },
        platform="youtube",
        total_row="Total",
        ignored=("Subscribers",),
        needs="the channel's handle: the export is of one channel (pass --handle CHANNEL)",
    ),
    # Meta Business Suite → Insights → Content → Export, Instagram posts: documented by the
    # column map and sample of aroaxinping/instapipe (src/instapipe/clean.py,
    # examples/sample_data.csv): Post ID, Account ID, Account username, Account name,
    # Description, Duration (sec), Publish time ('03/15/2026 14:30', month first), Permalink, Post
    # type, Data comment, Date ('Lifetime' / 'Total': the period, not a date), Views, Reach,
    # Likes, Shares, Follows, Comments, Saves.
    Preset(
        name="meta-instagram-posts",
        kind="posts",
        what="Meta Business Suite Instagram posts export",
        signature=("Post ID", "Account username", "Publish time", "Permalink"),
        columns={
            "external_id": "Post ID",
            "handle": "Account username",
            "title": "Description",
            "posted_at": "Publish time",
            "views": "Views",
            "likes": "Likes",
            "comments": "Comments",
            "shares": "Shares",
            "saves": "Saves",
        },
        platform="instagram",
        date_formats={"posted_at": "%m/%d/%Y %H:%M"},
        ignored=("Date", "Follows", "Account name", "Account ID"),
    ),
    # The same export in Spanish (aroaxinping/instapipe examples/sample_data.csv).
    Preset(
        name="meta-instagram-posts-es",
        kind="posts",
        what="Meta Business Suite Instagram posts export (Spanish)",
        signature=(
            "identificador de la publicación",
            "Nombre de usuario de la cuenta",
            "Hora de publicación",
        ),
        columns={
            "external_id": "identificador de la publicación",
            "handle": "Nombre de usuario de la cuenta",
            "title": "Descripción",
            "posted_at": "Hora de publicación",
            "views": "Visualizaciones",
            "likes": "Me gusta",
            "comments": "Comentarios",
            "shares": "Veces que se ha compartido",
            "saves": "Veces guardado",
        },
        platform="instagram",
        date_formats={"posted_at": "%m/%d/%Y %H:%M"},
        ignored=("Fecha", "Seguidores", "Nombre de la cuenta", "Identificador de la cuenta"),
    ),
)
NAMES = tuple(p.name for p in PRESETS)


def named(name: str) -> Preset:
    for preset in PRESETS:
        if preset.name == name:
            return preset
    raise ValueError(f"--preset {name!r}: no such preset (presets: {', '.join(NAMES)})")
