# Les textes fixes de Herald en français. Chaque message doit exister dans chaque catalogue (test/core/i18n.test.ts).

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

## /help
help-title = Commandes de Herald
help-options-heading = Options
help-options = Tapez les options sous la forme nom:valeur, par ex. /timeline story:franco event:3. Les mots sans nom remplissent la première option : /timeline franco.
help-quit = /quit — Quitter la discussion du terminal (quit ou exit aussi)

## /language
language-option = en (anglais) ou fr (français)
language-set = Herald écrit désormais en français dans cette discussion. Le texte des sujets reste tel qu'il est écrit.
language-current = Herald écrit en { $language } dans cette discussion. Changez-la avec /language en ou /language fr.
language-name-en = anglais
language-name-fr = français
