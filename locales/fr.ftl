# Les textes fixes de Herald en français. Chaque message doit exister dans chaque catalogue, et chaque
# message qu'utilise le code doit y être (test/core/i18n.test.ts). Le texte des sujets n'est jamais traduit.

## Descriptions des commandes (commandes Discord, menus Telegram, /help)
cmd-digest = Un aperçu du prochain résumé de cette discussion, maintenant
cmd-headline = L'actualité la plus récemment mise à jour, ou celle que vous nommez
cmd-help = Toutes les commandes, une ligne chacune
cmd-language = La langue dans laquelle Herald écrit ici (anglais ou français)
cmd-sources = Quelles sources appuient quelle affirmation d'un sujet
cmd-stories = Tous les sujets, du plus récent au plus ancien
cmd-subscribe = Recevoir un résumé quotidien, des alertes de mise à jour, ou les deux, ici
cmd-subscriptions = Les abonnements de cette discussion : réglages, prochain envoi, boutons pour changer ou arrêter
cmd-timeline = Parcourir la chronologie d'un sujet, un événement à la fois
cmd-unsubscribe = Arrêter un abonnement de cette discussion (demande lequel s'il y en a plusieurs)
cmd-feeds = Les flux d'actualités que Herald suit, et leur état

## Descriptions des options (Discord)
opt-feeds-page = Numéro de page
opt-headline-story = Identifiant du sujet ou mots de son titre
opt-language-language = en (anglais) ou fr (français)
opt-sources-story = Identifiant du sujet ou mots de son titre
opt-sources-event = Seulement cet événement de la chronologie (1 = le plus ancien)
opt-stories-page = Numéro de page
opt-subscribe-number = Lequel des abonnements de cette discussion changer (voir /subscriptions)
opt-subscribe-time = Heure du résumé, sur 24 heures HH:MM (par ex. 08:00)
opt-subscribe-timezone = Une ville, un pays ou un fuseau IANA (par ex. Paris, Inde, Europe/Paris)
opt-subscribe-mode = daily (résumé quotidien), updates (alertes) ou both (les deux)
opt-subscribe-story = Seulement ce sujet (identifiant ou mots du titre) ; all pour tout
opt-subscribe-topic = Seulement les sujets qui contiennent ces mots ; all pour tout
opt-timeline-story = Identifiant du sujet ou mots de son titre
opt-timeline-event = Quel événement, 1 = le plus ancien
opt-unsubscribe-number = Quel abonnement arrêter (voir /subscriptions)

## Noms des choix proposés par Discord (la valeur envoyée reste la même)
choice-subscribe-mode-daily = résumé quotidien (daily)
choice-subscribe-mode-updates = alertes de mise à jour (updates)
choice-subscribe-mode-both = les deux (both)
choice-language-language-en = anglais (en)
choice-language-language-fr = français (fr)

## Nombres et mots communs à plusieurs commandes
count-articles = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
count-events = { $count ->
    [one] { $count } événement
   *[other] { $count } événements
}
count-reports = { $count ->
    [one] { $count } reportage
   *[other] { $count } reportages
}
count-items = { $count ->
    [one] { $count } élément
   *[other] { $count } éléments
}
last-moved = dernier fait le { $date }
story-id = id { $id }
page-of = Page { $page } sur { $pages }
more-count = +{ $count } autres
more-reports-count = +{ $count } autres reportages
and-more = …et { $count } de plus.
outlet-not-named = Média non nommé
now-also-reported-by = Désormais aussi couvert par { $outlet } : { $title }
now-also-reported-unnamed = Désormais aussi couvert par un média non nommé : { $title }
title-changed = Titre changé (avant : « { $title } »).
articles-from-to = Articles : { $from } → { $to }.
footer-story = Sujet { $id }
footer-story-event = Sujet { $id } · événement { $event }
footer-story-event-of = Sujet { $id } · événement { $event } sur { $count }
story-titled = « { $title } » ({ $id })
stories-none = Aucun sujet pour l'instant.

## Dates de chronologie avec une précision (« début mars 2026 »)
date-early = début { $date }
date-mid = mi-{ $date }
date-late = fin { $date }

## Boutons
button-prev = ◀ Préc.
button-next = Suiv. ▶
button-first = ⏮ Début
button-last = Fin ⏭
button-timeline = Chronologie
button-sources = Sources
button-next-story = Sujet suivant ▶
button-change = Changer
button-change-number = Changer { $number }
button-end = Arrêter
button-end-number = Arrêter { $number }
button-end-label = Arrêter { $number } : { $label }
button-mode-daily = Résumé quotidien
button-mode-updates = Alertes de mise à jour
button-mode-both = Les deux
button-all-stories = Tous les sujets
button-keep-filter = Garder tel quel

## Noms des champs
field-articles = Articles
field-last-moved = Dernier fait
field-timeline = Chronologie
field-outlets = Médias
field-event = Événement
field-date = Date
field-cites = Cite
field-mode = Formule
field-digest-time = Heure du résumé
field-filter = Filtre
field-status = État
field-next-digest = Prochain résumé
field-last-digest = Dernier résumé

## /help
help-title = Commandes de Herald
help-options-heading = Options
help-options = Tapez les options sous la forme nom:valeur, par ex. /timeline story:franco event:3. Les mots sans nom remplissent la première option : /timeline franco.
help-quit = /quit — Quitter la discussion du terminal (quit ou exit aussi)

## /language
language-set = Herald écrit désormais en français dans cette discussion. Le texte des sujets reste tel qu'il est écrit.
language-current = Herald écrit en { $language } dans cette discussion. Changez-la avec /language en ou /language fr.
language-name-en = anglais
language-name-fr = français

## /stories
stories-title = Sujets ({ $count })

## /headline
headline-no-summary = Pas de résumé dans ce document.
heading-also-reported-by = Aussi couvert par

## /timeline
timeline-stale = Ce sujet a changé depuis la création de ce bouton ; voici sa version actuelle.
cites-none = rien

## /sources
sources-title = Sources : { $title }
section-number = Partie { $number }
sources-outlet-not-named = Média non nommé dans le document
sources-sections = Parties : { $sections }
sources-events = Événements : { $events }
sources-reports = Reportages ({ $count })
sources-story-cites = Ce sujet cite { $count ->
    [one] { $count } article numéroté
   *[other] { $count } articles numérotés
}.
sources-event-cites = L'événement { $event } cite { $count ->
    [one] { $count } article numéroté
   *[other] { $count } articles numérotés
}.
sources-numbers-are-reports = Chaque numéro est un reportage, numérotés dans l'ordre de publication.
sources-numbers-unattributed = Le document ne dit pas quel média a publié chaque numéro, donc aucun n'est deviné.
sources-story-cites-none = Ce document ne cite aucun article numéroté.
sources-event-cites-none = L'événement { $event } ne cite aucun article numéroté.
heading-outlets-named = Médias nommés
sources-no-outlets = Aucun n'est nommé dans le document.
heading-related-articles = Articles liés

## /feeds
feeds-title = Flux ({ $count })
feeds-none = Aucun flux d'actualités n'est suivi. Un opérateur ajoute des flux dans la configuration (feeds.sources ou HERALD_FEEDS).
feed-health-healthy = ✅ en bonne santé
feed-health-failing = ⚠️ en échec
feed-health-unhealthy = ❌ en mauvaise santé (en échec depuis 24 h ou plus)
feed-health-stopped = ⛔ arrêté (le flux n'existe plus : HTTP 410)
feed-health-not-yet-fetched = … pas encore récupéré
feed-fetched = récupéré le { $at }
feed-never-fetched = jamais récupéré
feed-last-problem = Dernier problème : { $problem }
feeds-need-attention = { $count ->
    [one] { $count } demande de l'attention
   *[other] { $count } demandent de l'attention
}
# Le dernier problème d'un flux (src/feeds/problem.ts).
feed-problem-not-a-url = ce n'est pas une URL
feed-problem-not-http = le schéma { $scheme } n'est ni HTTP ni HTTPS
feed-problem-refused-address = adresse { $address } refusée (réseau privé ; réglez feeds.allowPrivateAddresses pour l'autoriser)
feed-problem-refused-address-for-host = adresse { $address } refusée pour { $host } (réseau privé ; réglez feeds.allowPrivateAddresses pour l'autoriser)
feed-problem-http = réponse HTTP { $status }
feed-problem-redirect-without-location = réponse HTTP { $status } sans en-tête Location
feed-problem-too-many-redirects = trop de redirections (plus de { $max })
feed-problem-too-large = trop volumineux (plus de { $megabytes } Mo)
feed-problem-timeout = pas de réponse au bout de { $seconds } s
feed-problem-host-not-found = hôte introuvable
feed-problem-connection-refused = connexion refusée
feed-problem-connection-closed = connexion fermée par le serveur
feed-problem-tls = erreur TLS ({ $code })
feed-problem-bad-port = port refusé (il appartient à un autre protocole, comme le courrier)
feed-problem-cannot-fetch = récupération impossible ({ $detail })
feed-problem-html = ce n'est pas un flux (le serveur a envoyé une page HTML)
feed-problem-malformed-xml = ce n'est pas un flux (XML mal formé ou tronqué)
feed-problem-json = ce n'est pas un flux (du JSON qui n'est pas un JSON Feed)
feed-problem-empty = ce n'est pas un flux (réponse vide)
feed-problem-unknown-format = ce n'est pas un flux (ni RSS, ni Atom, ni JSON Feed)
feed-note-rewrites = réécrit chaque article à chaque lecture (mises à jour gardées, jamais annoncées)

## Abonnements : comment chacun est décrit
mode-daily = résumé quotidien
mode-updates = alertes de mise à jour
mode-both = résumé quotidien et alertes de mise à jour
filter-all = tous les sujets
filter-story = sujet « { $title } » ({ $id })
filter-topic = thème « { $words } »
status-active = Actif
status-paused = En pause depuis { $since } : { $reason }. Lancez /subscribe pour reprendre.

## /subscribe
subscribe-done = Abonnement fait
subscribe-updated = Abonnement mis à jour
subscribe-updated-number = Abonnement { $number } mis à jour
subscribe-will-get = Cette discussion recevra : { $what }.
subscribe-next-steps = Résumés et alertes arrivent en { $language } (/language la change). /subscriptions montre les abonnements de cette discussion, /digest donne un aperçu du prochain résumé, /unsubscribe en arrête un. Un autre /subscribe avec une autre formule, un autre sujet ou thème ajoute un abonnement.
subscribe-number-of = Abonnement { $number } sur { $count }
guide-title = Abonner cette discussion
guide-title-change = Changer l'abonnement { $number }
guide-or-type = Ou tapez-le : { $command }
guide-mode-question = Que doit recevoir cette discussion ? Un résumé quotidien reprend ce qui a changé, une fois par jour à l'heure choisie ; les alertes de mise à jour arrivent quand un sujet change.
guide-filter-question = Sur quels sujets ? Tous, ou seulement l'un des plus récents ci-dessous. Pour suivre un thème, tapez ses mots comme topic.
guide-filter-current = Actuellement : { $label }.
guide-time-question = À quelle heure le résumé doit-il arriver ?
guide-zone-question = Dans quel fuseau horaire est { $time } ? Une ville, un pays ou un nom comme Europe/Paris peuvent aussi être tapés.

## /subscriptions
subscriptions-none = Cette discussion n'a aucun abonnement. /subscribe en crée un (il demande quoi et quand).
subscriptions-title-one = L'abonnement de cette discussion
subscriptions-title = Les abonnements de cette discussion ({ $count })

## /unsubscribe
unsubscribe-none = Cette discussion n'a aucun abonnement. /subscribe en crée un.
unsubscribe-which = Quel abonnement faut-il arrêter ?
unsubscribe-type = Ou tapez /unsubscribe number:N.
unsubscribe-type-any = Ou tapez /unsubscribe number:N pour n'importe lequel des { $count }.
unsubscribed-all = Désabonné : cette discussion ne reçoit plus de résumés ni d'alertes.
unsubscribed-one = Désabonné de : { $label } (abonnement { $number }). { $left ->
    [one] Il en reste un : /subscriptions le montre.
   *[other] Il en reste { $left } : /subscriptions les montre.
}

## Résumés et alertes de mise à jour
digest-preview-note = Aperçu : rien n'est marqué comme envoyé.
digest-title = Résumé · { $day }
digest-new-story = Nouveau sujet
digest-latest = Dernier fait : { $date } – { $text }
digest-now-articles = Désormais { $articles }.
digest-new-in-timeline = Nouveau dans la chronologie ({ $count }) :
digest-more-events = …et { $count } de plus : /timeline { $id }
digest-more-stories = { $count } de plus : /stories
digest-quiet-since = Rien de nouveau depuis le { $day }.
notice-title-new = Nouveau sujet : { $title }
notice-title-updated = Mis à jour : { $title }
notice-articles = { $count ->
    [one] { $count } article.
   *[other] { $count } articles.
}
notice-new-in-timeline = Nouveau dans la chronologie :
notice-edited = Le sujet a été modifié.
notice-new-in-library = Un nouveau sujet est dans la bibliothèque.
notice-new-mark = (nouveau)
notice-grouped-title = { $count ->
    [one] { $count } sujet mis à jour
   *[other] { $count } sujets mis à jour
}

## Ce qu'ajoutent les rendus quand une réponse est trop longue pour la plateforme
render-more-not-shown = { $count } de plus non affichés
render-trimmed = coupé

## La discussion du terminal
terminal-welcome = Discussion Herald dans le terminal. Essayez /headline, /timeline, /sources franco, /help ; /quit pour quitter.
terminal-no-choice = Il n'y a pas de choix { $number } ici. Choisissez l'un des numéros affichés, ou tapez une commande.
terminal-bye = Au revoir.

## Erreurs : ce qui n'allait pas, et ce qui marcherait
err-internal = Un problème est survenu de notre côté ; l'erreur a été enregistrée. Veuillez réessayer.
err-unknown-command = Commande inconnue « /{ $command } ». Commandes : { $commands }.
err-no-such-option = /{ $command } n'a pas d'option « { $option }: ». { $count ->
    [0] Elle ne prend aucune option.
   *[other] Ses options : { $options }.
}
err-option-twice = /{ $command } : { $option }: est donné deux fois ; donnez-le une seule fois.
err-word-not-understood = /{ $command } { $count ->
    [0] ne prend aucune option
   *[other] ne prend que { $options }
} ; « { $word } » n'est pas compris.
err-unknown-options = /{ $command } n'a pas d'option { $options }.
err-bad-options = /{ $command } : { $problems }.
err-value-required = { $option } est obligatoire
err-value-empty = { $option } : « { $value } » est vide
err-value-too-long = { $option } : « { $value } » dépasse { $max } caractères
err-value-too-small = { $option } : « { $value } » doit valoir au moins { $min }
err-value-too-big = { $option } : « { $value } » doit valoir au plus { $max }
err-value-not-whole = { $option } : « { $value } » doit être un nombre entier
err-value-not-a-choice = { $option } : « { $value } » n'est pas l'un de { $choices }
err-value-invalid = { $option } : « { $value } » n'est pas valide
err-forbidden = /{ $command } demande le droit de gérer cette discussion (Gérer le serveur sur Discord, administrateur d'un groupe Telegram).
err-bad-button = Ce bouton n'est plus valide. Relancez la commande.
err-no-stories = Il n'y a encore aucun sujet. Ajoutez des documents au dossier des sujets.
err-ambiguous-story = « { $query } » correspond à { $count } sujets : { $candidates }. Ajoutez des mots ou utilisez l'identifiant.
err-unknown-story = Aucun sujet ne correspond à « { $query } ».
err-unknown-story-closest = Aucun sujet ne correspond à « { $query } ». Les plus proches : { $closest }.
err-page-out-of-range = La page { $page } n'existe pas : { $pages ->
    [one] il y a 1 page
   *[other] il y a { $pages } pages
}.
err-event-out-of-range = L'événement { $event } n'existe pas : « { $title } » a { $count ->
    [one] 1 événement
   *[other] { $count } événements (1–{ $count })
}.
err-no-timeline = « { $title } » n'a pas de chronologie datée. Essayez /headline story:{ $id }.
err-subscriptions-need-herald = Les abonnements demandent un Herald en marche qui les garde : `herald ask` répond à une commande et ne garde rien. Lancez Herald (npm start ouvre la discussion du terminal ; avec un jeton, le bot Discord ou Telegram) et tapez-y /subscribe, par ex. /subscribe time:07:30 timezone:Europe/Paris mode:daily. Résumés et alertes arrivent ensuite dans cette discussion.
err-no-such-subscription = Cette discussion n'a pas d'abonnement { $number }. { $count ->
    [0] /subscribe en crée un.
   *[other] /subscriptions liste ses { $count }.
}
err-which-subscription = Cette discussion a { $count } abonnements qui pourraient convenir. Dites lequel avec number: (/subscriptions montre les numéros), par ex. /subscribe number:2 time:08:00.
err-duplicate-subscription = L'abonnement { $number } de cette discussion envoie déjà cela. Changez-le avec /subscribe number:{ $number }, ou arrêtez-le avec /unsubscribe number:{ $number }.
err-too-many-subscriptions = Cette discussion a déjà { $max } abonnements, le maximum. /unsubscribe en arrête un.
err-story-and-topic = Choisissez story ou topic, pas les deux.
err-topic-no-words = Le thème « { $topic } » n'a aucun mot à chercher.
err-not-a-time = « { $time } » n'est pas une heure. Utilisez HH:MM sur 24 heures, par exemple 08:00 ou 18:30.
err-not-a-mode = « { $mode } » n'est pas une formule. Utilisez daily, updates ou both.
err-zone-several = { $place } a plusieurs fuseaux horaires ({ $zones }). Nommez une ville, par ex. { $city }, ou l'un des fuseaux.
err-zone-unknown = « { $typed } » n'est ni un fuseau horaire, ni une ville, ni un pays que Herald connaît. Par exemple : Paris, Tokyo, Inde ou Europe/Paris.
err-zone-unknown-suggest = « { $typed } » n'est ni un fuseau horaire, ni une ville, ni un pays que Herald connaît. Vouliez-vous dire { $suggestions } ? Par exemple : Paris, Tokyo, Inde ou Europe/Paris.
err-store-unavailable = Les abonnements sont momentanément indisponibles (le stockage ne répond pas). Réessayez dans une minute.
