import i18n from "i18next"
import { initReactI18next } from "react-i18next"
import en from "./locales/en.json"
import ru from "./locales/ru.json"

export const LANGUAGES = ["en", "ru"] as const
const STORAGE_KEY = "storefront_lng"

const saved = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null
const browser = typeof navigator !== "undefined" && navigator.language?.startsWith("ru") ? "ru" : "en"

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: saved === "en" || saved === "ru" ? saved : browser,
  fallbackLng: "en",
  interpolation: { escapeValue: false },
})

i18n.on("languageChanged", (lng) => {
  localStorage.setItem(STORAGE_KEY, lng)
  document.documentElement.lang = lng
})
document.documentElement.lang = i18n.language

export default i18n
