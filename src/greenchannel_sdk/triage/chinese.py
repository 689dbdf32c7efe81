"""Traditional-to-Simplified Chinese folding, so one keyword matches both scripts.

Complaints arrive in both scripts (a Hong Kong or Taiwan customer writes
Traditional, a mainland one Simplified), but a bank should write each rule
keyword once.  Both the complaint text and every keyword are folded to
Simplified before matching, so "盜刷" in a complaint matches a rule written
as "盗刷" and the other way round.

The table is deliberately small: the common characters of complaint
language and banking vocabulary, one character to one character.  Folding
is only ever used for matching (never shown to anyone), so a Simplified
character that stands for two Traditional ones (发 for 發 and 髮) does no
harm.  A character missing from the table is left as it is; a keyword
written with it then matches only text in the same script.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["FOLDS", "to_simplified"]

# Pairs "TS": a Traditional character followed by its Simplified form.
# 帳 folds to 账 (not the tent sense 帐) because "帳戶/帐户" means an account.
_PAIRS = (
    "丟丢 並并 乾干 亂乱 亞亚 佈布 佔占 併并 來来 係系 倉仓 個个 們们 倫伦 側侧 "
    "偽伪 傘伞 備备 傭佣 傳传 債债 傷伤 僅仅 僱雇 價价 億亿 儘尽 償偿 優优 儲储 "
    "兇凶 兌兑 兒儿 內内 兩两 冊册 凈净 凍冻 別别 則则 剛刚 剝剥 創创 劃划 劇剧 "
    "劉刘 劍剑 勁劲 動动 務务 勞劳 勢势 勵励 勸劝 匯汇 區区 協协 卻却 厭厌 厲厉 "
    "參参 吳吴 員员 問问 啓启 啞哑 啟启 喚唤 喪丧 喬乔 單单 嗎吗 嘆叹 嘔呕 嘗尝 "
    "噁恶 噴喷 嚇吓 嚮向 嚴严 囑嘱 國国 圍围 圓圆 圖图 團团 執执 堅坚 報报 場场 "
    "塊块 塗涂 塵尘 墊垫 墳坟 壇坛 壓压 壞坏 壯壮 壽寿 夠够 夢梦 夥伙 夾夹 奪夺 "
    "奮奋 妳你 婁娄 婦妇 媽妈 嬰婴 孫孙 學学 寢寝 實实 寧宁 審审 寫写 寬宽 寶宝 "
    "將将 專专 尋寻 對对 導导 尷尴 屆届 屍尸 屜屉 屢屡 層层 屬属 島岛 峽峡 崗岗 "
    "嶺岭 巖岩 帥帅 師师 帳账 帶带 幣币 幫帮 幹干 幾几 庫库 廁厕 廈厦 廚厨 廟庙 "
    "廠厂 廢废 廣广 廬庐 廳厅 弔吊 張张 強强 彈弹 彎弯 彙汇 彿佛 後后 徑径 從从 "
    "復复 徵征 徹彻 恆恒 恥耻 悅悦 悵怅 悶闷 惡恶 惱恼 愛爱 愷恺 態态 慘惨 慚惭 "
    "慣惯 慮虑 慶庆 慾欲 憂忧 憊惫 憐怜 憑凭 憤愤 憫悯 懇恳 應应 懲惩 懶懒 懷怀 "
    "懸悬 懺忏 懼惧 戰战 戲戏 戶户 挾挟 捨舍 捲卷 掃扫 掙挣 掛挂 揀拣 揚扬 換换 "
    "揮挥 損损 搖摇 搗捣 搶抢 摯挚 摳抠 摺折 撈捞 撐撑 撓挠 撥拨 撫抚 撲扑 撿捡 "
    "擁拥 擇择 擊击 擋挡 擔担 據据 擠挤 擬拟 擱搁 擲掷 擴扩 擷撷 擺摆 擾扰 攏拢 "
    "攔拦 攜携 攝摄 攤摊 攪搅 敗败 敘叙 敵敌 數数 斃毙 斬斩 斷断 於于 昇升 時时 "
    "晝昼 暈晕 暢畅 暫暂 曆历 曉晓 曬晒 書书 會会 東东 桿杆 條条 棄弃 棟栋 棧栈 "
    "棲栖 楊杨 楓枫 業业 極极 榮荣 構构 槍枪 槓杠 槳桨 樂乐 樓楼 標标 樞枢 樣样 "
    "樺桦 橋桥 機机 橫横 檔档 檢检 檯台 檳槟 櫃柜 櫥橱 櫻樱 欄栏 權权 歎叹 歐欧 "
    "歡欢 歲岁 歷历 歸归 殘残 殤殇 殲歼 殺杀 殼壳 毀毁 毆殴 氣气 氾泛 汙污 決决 "
    "沒没 沖冲 況况 洩泄 涇泾 涼凉 淒凄 淚泪 淨净 淵渊 淺浅 渙涣 減减 測测 湊凑 "
    "湧涌 湯汤 準准 溝沟 溫温 滄沧 滅灭 滙汇 滬沪 滯滞 滲渗 滷卤 滾滚 滿满 漢汉 "
    "漬渍 漲涨 漸渐 漿浆 潑泼 潔洁 潛潜 潤润 澆浇 澤泽 濁浊 濃浓 濕湿 濟济 濤涛 "
    "濫滥 濺溅 瀉泻 瀏浏 瀝沥 灘滩 灣湾 災灾 為为 烏乌 無无 煉炼 煩烦 熱热 燈灯 "
    "燉炖 燒烧 燙烫 營营 燭烛 燼烬 爐炉 爛烂 爭争 爺爷 爾尔 牆墙 牽牵 犧牺 狀状 "
    "狹狭 狽狈 猶犹 獄狱 獅狮 獎奖 獨独 獰狞 獲获 獸兽 獻献 現现 瑣琐 瑪玛 環环 "
    "產产 畝亩 畢毕 畫画 異异 當当 疊叠 痙痉 瘋疯 瘍疡 瘓痪 瘡疮 療疗 癒愈 癟瘪 "
    "癡痴 癱瘫 發发 盜盗 盞盏 盡尽 監监 盤盘 盧卢 盪荡 眾众 瞞瞒 碩硕 確确 碼码 "
    "磚砖 礙碍 礦矿 祿禄 禍祸 禪禅 禮礼 禱祷 稅税 稟禀 種种 稱称 穀谷 積积 穎颖 "
    "穢秽 穩稳 穫获 窮穷 窺窥 竇窦 竊窃 競竞 筆笔 箏筝 節节 範范 築筑 簡简 簫箫 "
    "簽签 簾帘 籃篮 籌筹 籠笼 籤签 籮箩 糧粮 糾纠 紀纪 約约 紅红 紋纹 納纳 紐纽 "
    "紓纾 純纯 紗纱 紙纸 級级 紛纷 紮扎 細细 紳绅 紹绍 終终 組组 絆绊 結结 絕绝 "
    "絞绞 絡络 給给 絨绒 統统 絲丝 綁绑 經经 綜综 綠绿 維维 綱纲 網网 綴缀 綸纶 "
    "緊紧 緒绪 線线 緞缎 締缔 緣缘 編编 緩缓 緬缅 練练 緻致 縛缚 縣县 縫缝 縮缩 "
    "縱纵 縷缕 總总 績绩 繃绷 織织 繞绕 繡绣 繩绳 繪绘 繫系 繳缴 繼继 續续 纏缠 "
    "纔才 罰罚 罵骂 罷罢 羅罗 羨羡 義义 習习 聖圣 聞闻 聯联 聰聪 聲声 職职 聽听 "
    "聾聋 肅肃 脅胁 脈脉 脣唇 脫脱 腎肾 腦脑 腫肿 膚肤 膠胶 膽胆 臉脸 臍脐 臟脏 "
    "臥卧 臨临 臺台 與与 興兴 舉举 舊旧 艱艰 艷艳 荊荆 莊庄 華华 萬万 葉叶 著着 "
    "葦苇 蒼苍 蓋盖 蓮莲 蔥葱 蕩荡 蕪芜 薑姜 薦荐 藍蓝 藝艺 藥药 藹蔼 蘆芦 蘇苏 "
    "蘊蕴 蘋苹 蘭兰 處处 虛虚 號号 虧亏 蝦虾 蝸蜗 螞蚂 螢萤 蟬蝉 蟲虫 蠅蝇 蠟蜡 "
    "衆众 術术 衛卫 衝冲 裏里 補补 裝装 裡里 製制 複复 襪袜 襯衬 襲袭 見见 規规 "
    "覓觅 視视 親亲 覺觉 覽览 觀观 觸触 訂订 計计 訊讯 討讨 訓训 託托 記记 訝讶 "
    "訟讼 訣诀 訪访 設设 許许 訴诉 診诊 註注 詆诋 詐诈 評评 詞词 詢询 試试 詩诗 "
    "詫诧 話话 該该 詳详 誇夸 誌志 認认 誕诞 誘诱 語语 誠诚 誤误 說说 誰谁 課课 "
    "誼谊 調调 諂谄 談谈 請请 諒谅 論论 諜谍 諦谛 諮咨 諱讳 諷讽 諺谚 諾诺 謀谋 "
    "謂谓 謊谎 謎谜 謗谤 謙谦 講讲 謝谢 謠谣 謬谬 謹谨 證证 譏讥 識识 譚谭 譜谱 "
    "譯译 議议 護护 譽誉 讀读 變变 讓让 讚赞 豈岂 豐丰 豔艳 豬猪 貓猫 貝贝 貞贞 "
    "負负 財财 貨货 販贩 貪贪 貫贯 責责 貳贰 貴贵 貶贬 買买 貸贷 費费 貼贴 貿贸 "
    "賀贺 賂赂 賃赁 賄贿 資资 賊贼 賑赈 賓宾 賜赐 賞赏 賠赔 賣卖 賤贱 質质 賬账 "
    "賭赌 賴赖 賺赚 購购 賽赛 贈赠 贊赞 贍赡 贏赢 贓赃 贖赎 趕赶 趨趋 跡迹 踐践 "
    "踰逾 踴踊 蹟迹 蹤踪 蹺跷 躍跃 軀躯 車车 軋轧 軌轨 軍军 軒轩 軟软 較较 載载 "
    "輓挽 輔辅 輕轻 輛辆 輝辉 輟辍 輩辈 輪轮 輯辑 輸输 輿舆 轄辖 轉转 轎轿 辦办 "
    "辭辞 辮辫 辯辩 農农 迴回 這这 連连 週周 進进 遊游 運运 過过 達达 違违 遙遥 "
    "遜逊 遞递 遠远 適适 遲迟 遷迁 選选 遺遗 邁迈 還还 邊边 邏逻 郵邮 鄉乡 鄰邻 "
    "醜丑 醫医 醬酱 釀酿 釋释 釘钉 針针 鈔钞 鈕钮 鈞钧 鈴铃 銀银 銅铜 銬铐 銳锐 "
    "銷销 鋁铝 鋌铤 鋒锋 鋪铺 鋸锯 鋼钢 錄录 錢钱 錫锡 錯错 錶表 鍋锅 鍍镀 鍛锻 "
    "鍵键 鎖锁 鎮镇 鏈链 鏟铲 鏡镜 鐘钟 鐵铁 鑑鉴 鑰钥 鑲镶 長长 門门 閃闪 閉闭 "
    "開开 閑闲 閒闲 間间 閣阁 閥阀 閩闽 閱阅 闆板 闊阔 闖闯 關关 陣阵 陰阴 陳陈 "
    "陸陆 陽阳 隊队 隕陨 際际 隨随 險险 隱隐 隸隶 隻只 雖虽 雙双 雜杂 雞鸡 離离 "
    "難难 雲云 電电 霧雾 靄霭 靈灵 靜静 鞏巩 韋韦 韓韩 韻韵 響响 頁页 頂顶 項项 "
    "順顺 預预 頑顽 頓顿 領领 頭头 頰颊 頸颈 頻频 顆颗 題题 額额 顎颚 顏颜 願愿 "
    "顛颠 類类 顧顾 顯显 風风 颯飒 颱台 颳刮 飛飞 飢饥 飯饭 飼饲 飽饱 飾饰 餃饺 "
    "餅饼 養养 餓饿 餘余 餡馅 館馆 餵喂 饅馒 饋馈 饑饥 馬马 馴驯 駁驳 駐驻 駕驾 "
    "駛驶 駝驼 駭骇 駱骆 騎骑 騙骗 騰腾 騷骚 驅驱 驕骄 驗验 驚惊 驛驿 驟骤 驢驴 "
    "骯肮 髒脏 體体 髮发 鬆松 鬍胡 鬢鬓 鬥斗 鬧闹 鬱郁 魚鱼 魯鲁 鮮鲜 鯉鲤 鯨鲸 "
    "鳥鸟 鳳凤 鴉鸦 鴨鸭 鴿鸽 鵝鹅 鵬鹏 鶴鹤 鷹鹰 鹽盐 麗丽 麥麦 麵面 麼么 黃黄 "
    "點点 黨党 黴霉 齊齐 齋斋 齡龄 龍龙 龐庞 龜龟 "
    "帐账"
)

#: Every Traditional character the table folds, and its Simplified form.
FOLDS: Mapping[str, str] = MappingProxyType({pair[0]: pair[1] for pair in _PAIRS.split()})

_TABLE = str.maketrans(dict(FOLDS))


def to_simplified(text: str) -> str:
    """Fold the Traditional characters the table knows to Simplified."""
    return text.translate(_TABLE)
