# Herald's fixed texts in English. Every message here must exist in every other catalogue (test/core/i18n.test.ts).

## Command descriptions: the English ones are each command's own `description` (commands/*.ts); other
## catalogues translate them as cmd-NAME.

## /help
help-title = Herald commands
help-options-heading = Options
help-options = Type options as name:value, e.g. /timeline story:franco event:3. Words without a name fill the first option: /timeline franco.
help-quit = /quit — Leave the terminal chat (quit or exit work too)

## /language
language-option = en (English) or fr (French)
language-set = Herald now writes in English in this chat. Story text stays as written.
language-current = Herald writes in { $language } in this chat. Change it with /language en or /language fr.
language-name-en = English
language-name-fr = French
