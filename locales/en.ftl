# Herald's fixed texts in English. Every message here must exist in every other catalogue, and every
# message the code uses must be here (test/core/i18n.test.ts). Story text is never translated.

## Command descriptions: the English ones are each command's own `description` (commands/*.ts); other
## catalogues translate them as cmd-NAME, and the options Discord shows as opt-COMMAND-OPTION.

## Counts and words shared by several commands
count-articles = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
count-events = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
count-reports = { $count ->
    [one] { $count } report
   *[other] { $count } reports
}
count-items = { $count ->
    [one] { $count } item
   *[other] { $count } items
}
last-moved = last moved { $date }
story-id = id { $id }
page-of = Page { $page } of { $pages }
more-count = +{ $count } more
more-reports-count = +{ $count } more reports
and-more = …and { $count } more.
outlet-not-named = Outlet not named
now-also-reported-by = Now also reported by { $outlet }: { $title }
now-also-reported-unnamed = Now also reported by an outlet not named: { $title }
title-changed = Title changed (was “{ $title }”).
articles-from-to = Articles: { $from } → { $to }.
footer-story = Story { $id }
footer-story-event = Story { $id } · event { $event }
footer-story-event-of = Story { $id } · event { $event } of { $count }
story-titled = “{ $title }” ({ $id })
stories-none = No stories yet.

## Timeline dates with a qualifier ("early March 2026")
date-early = early { $date }
date-mid = mid-{ $date }
date-late = late { $date }

## Buttons
button-prev = ◀ Prev
button-next = Next ▶
button-first = ⏮ First
button-last = Last ⏭
button-timeline = Timeline
button-sources = Sources
button-next-story = Next story ▶
button-change = Change
button-change-number = Change { $number }
button-end = End
button-end-number = End { $number }
button-end-label = End { $number }: { $label }
button-mode-daily = Daily digest
button-mode-updates = Update notices
button-mode-both = Both
button-all-stories = All stories
button-keep-filter = Keep as it is

## Field names
field-articles = Articles
field-last-moved = Last moved
field-timeline = Timeline
field-outlets = Outlets
field-event = Event
field-date = Date
field-cites = Cites
field-mode = Mode
field-digest-time = Digest time
field-filter = Filter
field-status = Status
field-next-digest = Next digest
field-last-digest = Last digest

## /help
help-title = Herald commands
help-options-heading = Options
help-options = Type options as name:value, e.g. /timeline story:franco event:3. Words without a name fill the first option: /timeline franco.
help-quit = /quit — Leave the terminal chat (quit or exit work too)

## /language
language-set = Herald now writes in English in this chat. Story text stays as written.
language-current = Herald writes in { $language } in this chat. Change it with /language en or /language fr.
language-name-en = English
language-name-fr = French

## /stories
stories-title = Stories ({ $count })

## /headline
headline-no-summary = No summary in this document.
heading-also-reported-by = Also reported by

## /timeline
timeline-stale = This story has changed since that button was made; here is the current version.
cites-none = none

## /sources
sources-title = Sources: { $title }
section-number = Section { $number }
sources-outlet-not-named = Outlet not named in the document
sources-sections = Sections: { $sections }
sources-events = Events: { $events }
sources-reports = Reports ({ $count })
sources-story-cites = This story cites { $count ->
    [one] { $count } numbered article
   *[other] { $count } numbered articles
}.
sources-event-cites = Event { $event } cites { $count ->
    [one] { $count } numbered article
   *[other] { $count } numbered articles
}.
sources-numbers-are-reports = Each number is one report, numbered in order of publication.
sources-numbers-unattributed = The document does not say which outlet published each number, so none is guessed.
sources-story-cites-none = This document cites no numbered articles.
sources-event-cites-none = Event { $event } cites no numbered articles.
heading-outlets-named = Outlets named
sources-no-outlets = None named in the document.
heading-related-articles = Related articles

## /feeds
feeds-title = Feeds ({ $count })
feeds-none = No news feed is followed. An operator adds feeds in the configuration (feeds.sources or HERALD_FEEDS).
feed-health-healthy = ✅ healthy
feed-health-failing = ⚠️ failing
feed-health-unhealthy = ❌ unhealthy (failing for 24 h or more)
feed-health-stopped = ⛔ stopped (the feed is gone: HTTP 410)
feed-health-not-yet-fetched = … not yet fetched
feed-fetched = last fetched { $at }
feed-never-fetched = last fetched never
feed-last-problem = Last problem: { $problem }
feeds-need-attention = { $count } need attention
# A feed's last problem (src/feeds/problem.ts): the English text is also the reason in the logs.
feed-problem-not-a-url = not a URL
feed-problem-not-http = { $scheme }: is not HTTP or HTTPS
feed-problem-refused-address = refused address { $address } (private network; set feeds.allowPrivateAddresses to allow it)
feed-problem-refused-address-for-host = refused address { $address } for { $host } (private network; set feeds.allowPrivateAddresses to allow it)
feed-problem-http = HTTP { $status }
feed-problem-redirect-without-location = HTTP { $status } without a Location
feed-problem-too-many-redirects = too many redirects (more than { $max })
feed-problem-too-large = too large (over { $megabytes } MB)
feed-problem-timeout = timed out after { $seconds } s
feed-problem-host-not-found = host not found
feed-problem-connection-refused = connection refused
feed-problem-connection-closed = connection closed by the server
feed-problem-tls = TLS error ({ $code })
feed-problem-bad-port = port refused (it belongs to another protocol, such as mail)
feed-problem-cannot-fetch = cannot fetch ({ $detail })
feed-problem-html = not a feed (the server sent an HTML page)
feed-problem-malformed-xml = not a feed (malformed or truncated XML)
feed-problem-json = not a feed (JSON that is not a JSON Feed)
feed-problem-empty = not a feed (empty body)
feed-problem-unknown-format = not a feed (neither RSS, Atom nor JSON Feed)
feed-note-rewrites = rewrites every item on each read (updates kept, not announced)

## Subscriptions: how each is described
mode-daily = daily digest
mode-updates = update notices
mode-both = daily digest and update notices
filter-all = all stories
filter-story = story “{ $title }” ({ $id })
filter-topic = topic “{ $words }”
status-active = Active
status-paused = Paused since { $since }: { $reason }. Run /subscribe to resume.

## /subscribe
subscribe-done = Subscribed
subscribe-updated = Subscription updated
subscribe-updated-number = Subscription { $number } updated
subscribe-will-get = This chat will get: { $what }.
subscribe-next-steps = Digests and notices come in { $language } (/language changes it). /subscriptions shows this chat's subscriptions, /digest previews the next digest, /unsubscribe ends one. Another /subscribe with a different mode, story or topic adds a subscription.
subscribe-number-of = Subscription { $number } of { $count }
guide-title = Subscribe this chat
guide-title-change = Change subscription { $number }
guide-or-type = Or type it: { $command }
guide-mode-question = What should this chat get? A daily digest sums up what changed, once a day at a time you choose; update notices arrive when a story changes.
guide-filter-question = About which stories? All of them, or only one of the newest below. To follow a subject, type its words as a topic.
guide-filter-current = Now: { $label }.
guide-time-question = At what time should the digest arrive?
guide-zone-question = In which time zone is { $time }? A city, a country or a name such as Europe/Paris can be typed too.

## /subscriptions
subscriptions-none = This chat has no subscription. /subscribe starts one (it asks what and when).
subscriptions-title-one = This chat's subscription
subscriptions-title = This chat's subscriptions ({ $count })

## /unsubscribe
unsubscribe-none = This chat has no subscription. /subscribe starts one.
unsubscribe-which = Which subscription should end?
unsubscribe-type = Or type /unsubscribe number:N.
unsubscribe-type-any = Or type /unsubscribe number:N for any of the { $count }.
unsubscribed-all = Unsubscribed: this chat gets no more digests or update notices.
unsubscribed-one = Unsubscribed from { $label } (subscription { $number }). { $left ->
    [one] One subscription remains: /subscriptions shows it.
   *[other] { $left } subscriptions remain: /subscriptions shows them.
}

## Digests and update notices
digest-preview-note = Preview: nothing is marked as delivered.
digest-title = Digest · { $day }
digest-new-story = New story
digest-latest = Latest: { $date } – { $text }
digest-now-articles = Now { $articles }.
digest-new-in-timeline = New in the timeline ({ $count }):
digest-more-events = …and { $count } more: /timeline { $id }
digest-more-stories = { $count } more: /stories
digest-quiet-since = No new developments since { $day }.
notice-title-new = New story: { $title }
notice-title-updated = Updated: { $title }
notice-articles = { $count ->
    [one] { $count } article.
   *[other] { $count } articles.
}
notice-new-in-timeline = New in the timeline:
notice-edited = The story was edited.
notice-new-in-library = A new story is in the library.
notice-new-mark = (new)
notice-grouped-title = { $count } stories updated

## What renderers add when a reply is too long for the platform
render-more-not-shown = { $count } more not shown
render-trimmed = trimmed

## The terminal chat
terminal-welcome = Herald terminal chat. Try /headline, /timeline, /sources franco, /help; /quit leaves.
terminal-no-choice = There is no choice { $number } here. Pick one of the numbers shown, or type a command.
terminal-bye = Bye.

## Errors: what was wrong, and what would work
err-internal = Something went wrong on our side; the error was logged. Please try again.
err-unknown-command = Unknown command "/{ $command }". Commands: { $commands }.
err-no-such-option = /{ $command } has no option "{ $option }:". { $count ->
    [0] It takes no options.
   *[other] Its options: { $options }.
}
err-option-twice = /{ $command }: { $option }: is given twice; give it once.
err-word-not-understood = /{ $command } takes { $count ->
    [0] no options
   *[other] only { $options }
}; "{ $word }" is not understood.
err-unknown-options = /{ $command } has no option { $options }.
err-bad-options = /{ $command }: { $problems }.
err-value-required = { $option } is required
err-value-empty = { $option }: "{ $value }" is empty
err-value-too-long = { $option }: "{ $value }" is longer than { $max } characters
err-value-too-small = { $option }: "{ $value }" must be at least { $min }
err-value-too-big = { $option }: "{ $value }" must be at most { $max }
err-value-not-whole = { $option }: "{ $value }" must be a whole number
err-value-not-a-choice = { $option }: "{ $value }" is not one of { $choices }
err-value-invalid = { $option }: "{ $value }" is not valid
err-forbidden = /{ $command } needs the right to manage this chat (Manage Server on Discord, admin in a Telegram group).
err-bad-button = This button is not valid any more. Run the command again.
err-no-stories = There are no stories yet. Add documents to the stories folder.
err-ambiguous-story = "{ $query }" matches { $count } stories: { $candidates }. Add words or use the id.
err-unknown-story = No story matches "{ $query }".
err-unknown-story-closest = No story matches "{ $query }". Closest: { $closest }.
err-page-out-of-range = Page { $page } is out of range: there { $pages ->
    [one] is 1 page
   *[other] are { $pages } pages
}.
err-event-out-of-range = Event { $event } is out of range: “{ $title }” has { $count ->
    [one] 1 event
   *[other] { $count } events (1–{ $count })
}.
err-no-timeline = “{ $title }” has no dated timeline. Try /headline story:{ $id }.
err-subscriptions-need-herald = Subscriptions need a running Herald that keeps them: `herald ask` answers one command and stores nothing. Start Herald (npm start opens the terminal chat; with a token, the Discord or Telegram bot) and type /subscribe there, e.g. /subscribe time:07:30 timezone:Europe/Paris mode:daily. Digests and notices then arrive in that chat.
err-no-such-subscription = This chat has no subscription { $number }. { $count ->
    [0] /subscribe starts one.
   *[other] /subscriptions lists its { $count }.
}
err-which-subscription = This chat has { $count } subscriptions that could be meant. Say which with number: (/subscriptions shows the numbers), e.g. /subscribe number:2 time:08:00.
err-duplicate-subscription = Subscription { $number } of this chat already delivers that. Change it with /subscribe number:{ $number }, or end it with /unsubscribe number:{ $number }.
err-too-many-subscriptions = This chat already has { $max } subscriptions, the most it may hold. /unsubscribe ends one.
err-story-and-topic = Choose either story or topic, not both.
err-topic-no-words = The topic "{ $topic }" has no words to look for.
err-not-a-time = "{ $time }" is not a time of day. Use 24-hour HH:MM, for example 08:00 or 18:30.
err-not-a-mode = "{ $mode }" is not a mode. Use daily, updates or both.
err-zone-several = { $place } has several time zones ({ $zones }). Name a city, e.g. { $city }, or one of the zones.
err-zone-unknown = "{ $typed }" is not a time zone, city or country Herald knows. For example: Paris, Tokyo, India or Europe/Paris.
err-zone-unknown-suggest = "{ $typed }" is not a time zone, city or country Herald knows. Did you mean { $suggestions }? For example: Paris, Tokyo, India or Europe/Paris.
err-store-unavailable = Subscriptions are temporarily unavailable (the store does not answer). Try again in a minute.
