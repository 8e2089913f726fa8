import en from "./json/en.json"
import ru from "./json/ru.json"

/** The admin's i18n resources: every text of the plugin's pages under the `loyalty` key. */
export default {
  en: { translation: en },
  ru: { translation: ru },
}
